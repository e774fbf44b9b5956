//! pip, Debian and Alpine package lookups.

use layerlab_catalog::*;

#[test]
fn pip_names_are_normalised() {
    let f = pip_package("flask").unwrap();
    assert_eq!(
        (f.name, f.version, f.installed_bytes_with_deps),
        ("Flask", "3.1.3", Some(4_987_047))
    );
    assert_eq!(pip_package("FLASK"), Some(f));
    assert_eq!(pip_package(" Flask "), Some(f));
    assert_eq!(f.installed_bytes_without_pyc(), Some(2_211_775));
    assert!(f.dependencies().any(|d| d == ("Jinja2", "3.1.6")));
    assert_eq!(f.source.table, "pip-packages.csv");
    assert_eq!(f.source.date, Date::ymd(2026, 11, 22));

    let s = pip_package("flask_sqlalchemy").unwrap();
    assert_eq!(s.name, "Flask-SQLAlchemy");
    assert_eq!(pip_package("Flask.SQLAlchemy"), Some(s));
    assert_eq!(
        pip_package("prometheus-client").unwrap().name,
        "prometheus_client"
    );
    assert_eq!(pep503_normalize("Foo__Bar.baz"), "foo-bar-baz");
}

#[test]
fn pip_extras_and_pins() {
    assert_eq!(
        pip_package("fastapi").unwrap().installed_bytes_with_deps,
        Some(14_987_584)
    );
    assert_eq!(
        pip_package("fastapi[standard]")
            .unwrap()
            .installed_bytes_with_deps,
        Some(80_520_639)
    );
    assert_eq!(pip_package("FastAPI[Standard]").unwrap().extras, "standard");
    assert_eq!(pip_package("gunicorn").unwrap().version, "27.0.1");
    assert_eq!(
        pip_package("gunicorn==19.9.0")
            .unwrap()
            .installed_bytes_with_deps,
        Some(964_281)
    );
    assert!(pip_package("gunicorn==1.0").is_none());
    assert_eq!(pip_packages("gunicorn").count(), 2);
    assert!(pip_package("no-such-package").is_none());
}

#[test]
fn pip_failures_are_reported_not_invented() {
    let m = pip_package("mysqlclient").unwrap();
    assert!(matches!(m.status, MeasureStatus::Failed(_)));
    assert_eq!(m.installed_bytes_with_deps, None);
    let t = pip_package("torch").unwrap();
    assert!(matches!(t.status, MeasureStatus::Skipped(_)));
    assert_eq!(
        (t.installed_bytes_with_deps, t.wheel_bytes_with_deps),
        (None, Some(3_000_129_266))
    );
}

fn minimal(release: DebianRelease) -> impl Iterator<Item = &'static str> {
    release.baseline().iter().copied()
}

#[test]
fn debian_packages() {
    let gcc = apt_package("gcc", DebianRelease::Bookworm).unwrap();
    assert_eq!(
        (gcc.version, gcc.installed_kib, gcc.status),
        (Some("4:12.2.0-3"), Some(47), AptStatus::Package)
    );
    assert!(
        gcc.depends().iter().any(|g| g == &["cpp-12"])
            || gcc.depends().iter().any(|g| g.contains(&"gcc-12"))
    );
    assert_eq!(gcc.source().table, "debian-apt.csv");
    assert_eq!(gcc.tier, 1);
    let tri = apt_package("gcc", DebianRelease::Trixie).unwrap();
    assert_ne!(tri.version, gcc.version);
    // virtual names list their providers
    let awk = apt_package("awk", DebianRelease::Bookworm).unwrap();
    assert_eq!(awk.status, AptStatus::Virtual);
    assert!(awk.provides().any(|p| p == "mawk"));
    assert!(apt_package("no-such-package", DebianRelease::Trixie).is_none());
    assert_eq!(
        DebianRelease::from_codename("Trixie"),
        Some(DebianRelease::Trixie)
    );
    assert_eq!(DebianRelease::from_codename("buster"), None);
}

/// The sizes `apt-get -s install` computed on the same lists and baseline
/// (`debian-apt-checks.csv`, made by `scripts/data/debian --check`).
#[test]
fn apt_plan_matches_apt() {
    let b = DebianRelease::Bookworm;
    let p = apt_plan(&["gcc"], b, minimal(b), false);
    assert_eq!((p.install.len(), p.installed_kib), (25, 176_018));
    assert!(p.installs("cpp-12") && !p.installs("perl"));
    let p = apt_plan(&["gcc"], b, minimal(b), true);
    assert_eq!((p.install.len(), p.installed_kib), (78, 262_306));
    let p = apt_plan(&["build-essential", "libpq-dev"], b, minimal(b), false);
    assert_eq!((p.install.len(), p.installed_kib), (62, 329_904));
    let t = DebianRelease::Trixie;
    let p = apt_plan(&["libpq-dev"], t, minimal(t), false);
    assert_eq!((p.install.len(), p.installed_kib), (11, 20_507));
    // what is installed already adds nothing
    let gcc: Vec<&str> = apt_plan(&["gcc"], b, minimal(b), false)
        .install
        .iter()
        .map(|p| p.name())
        .collect();
    let p = apt_plan(&["g++"], b, minimal(b).chain(gcc.iter().copied()), false);
    assert_eq!(p.installed_kib, 260_915 - 176_018);
    let p = apt_plan(&["libc6", "not-a-package"], b, minimal(b), false);
    assert_eq!(
        (p.already, p.unknown, p.installed_kib),
        (
            vec!["libc6".to_string()],
            vec!["not-a-package".to_string()],
            0
        )
    );
}

#[test]
fn names_a_release_does_not_have() {
    let t = DebianRelease::Trixie;
    let p = apt_plan(&["libldap-2.5-0", "gcc"], t, minimal(t), false);
    assert_eq!(
        p.failed,
        vec![("libldap-2.5-0".to_string(), AptFailure::NoCandidate)]
    );
    assert!(matches!(
        apt_locate("libssl1.1", t),
        AptLocate::NotFound { other: None }
    ));
    assert!(apt_gone("libicu72", t) && !apt_gone("libicu72", DebianRelease::Bookworm));
    assert!(matches!(
        apt_locate("libicu72", t),
        AptLocate::NotFound { other: Some(p) } if p.release == DebianRelease::Bookworm
    ));
    assert!(matches!(apt_locate("awk", t), AptLocate::ChooseProvider(_)));
    assert_eq!(
        apt_locate("surely-not-a-debian-name", t),
        AptLocate::Unknown
    );
}

/// Shape and provenance of `debian-apt.csv` and `debian-apt-releases.csv`.
#[test]
fn apt_tables_carry_their_provenance() {
    for r in [DebianRelease::Bookworm, DebianRelease::Trixie] {
        let rel = apt_release(r);
        assert!(rel.point_release.starts_with(r.version()));
        assert!(rel.apt_version.starts_with("apt "));
        assert!(
            rel.method.contains("apt-cache dumpavail")
                && rel.method.contains("scripts/data/debian")
        );
        assert!(rel.read_date >= rel.release_date);
        assert!(rel.packages_in_lists > 50_000);
        // every baseline package is a row, with its size
        for n in r.baseline() {
            let p = apt_package(n, r).unwrap_or_else(|| panic!("{n} {r:?}"));
            assert!(
                p.installed_kib.is_some() || p.status != AptStatus::Package,
                "{n}"
            );
        }
    }
}

#[test]
fn apt_lists_and_baselines() {
    assert_eq!(APT_LISTS_BYTES_BOOKWORM.value, 52_869_822);
    assert_eq!(APT_LISTS_BYTES_TRIXIE.value, 59_100_029);
    assert_eq!(
        DebianRelease::Trixie.apt_lists_bytes(),
        APT_LISTS_BYTES_TRIXIE
    );
    assert_eq!(DebianRelease::Bookworm.baseline().len(), 88);
    assert_eq!(DebianRelease::Trixie.baseline().len(), 93);
    assert!(DebianRelease::Bookworm.in_baseline("libc6"));
    assert!(DebianRelease::Trixie.in_baseline("sqv"));
    assert!(!DebianRelease::Bookworm.in_baseline("sqv"));
}

#[test]
fn apk_packages_with_nearest_release_fallback() {
    let m = apk_package("gcc", "3.24").unwrap();
    assert_eq!(
        (m.package.installed_bytes, m.other_release, m.other_arch),
        (166_723_584, false, false)
    );
    assert_eq!(apk_package("gcc", "alpine3.24.1"), Some(m));
    let m = apk_package("gcc", "3.22").unwrap();
    assert!(m.other_release);
    assert_eq!(m.requested, (3, 22));
    assert_eq!(m.package.branch, (3, 24));
    let m = apk_package("musl", "3.17").unwrap();
    assert_eq!((m.package.version, m.other_release), ("1.2.3-r4", false));
    let m = apk_package("libpq-dev", "v3.24").unwrap();
    assert!(m.other_arch);
    assert_eq!(m.package.arch, "x86");
    assert!(
        apk_package("g++", "3.24").is_none(),
        "no sourced size for g++"
    );
    assert!(apk_package("gcc", "not-a-release").is_none());
    assert_eq!(apk_layers()[0].compressed_bytes, 75_079_117);
}
