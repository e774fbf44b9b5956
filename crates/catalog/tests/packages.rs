//! pip, Debian and Alpine package lookups.

use layerlab_catalog::*;

#[test]
fn pip_names_are_normalised() {
    let f = pip_package("flask").unwrap();
    assert_eq!((f.normalized, f.python), ("flask", "3.11"));
    assert!(f.pyc_measured, "CPython 3.11 rows have measured .pyc");
    assert_eq!(pip_package("FLASK"), Some(f));
    assert_eq!(pip_package(" Flask "), Some(f));
    assert_eq!(
        f.installed_bytes_without_pyc().unwrap() + f.pyc_bytes_with_deps.unwrap(),
        f.installed_bytes_with_deps.unwrap()
    );
    assert!(f.dependencies().any(|(d, _)| d == "jinja2"));
    assert_eq!(f.source.table, "pip-packages.csv");
    assert!(f.console_scripts.split(';').any(|s| s == "flask"));
    assert_eq!(pep503_normalize("Foo__Bar.baz"), "foo-bar-baz");
}

#[test]
fn pip_rows_per_python_and_pinned_ranges() {
    // The seeds' pinned range, measured from its own newest release.
    let accept = |p: &PipPackage| p.version.starts_with("1.1.");
    let f37 = pip_package_for("Flask", "", &accept, Some("3.7")).unwrap();
    assert_eq!(
        (f37.row.version, f37.row.python, f37.same_python),
        ("1.1.4", "3.7", true)
    );
    assert!(!f37.row.pyc_measured, "3.7 .pyc is an estimate");
    let g = pip_package_for(
        "gunicorn",
        "",
        &|p| p.version.starts_with("19."),
        Some("3.12"),
    )
    .unwrap();
    assert_eq!(g.row.version, "19.10.0");
    // Unpinned on 3.7: the newest release that still supports 3.7.
    let any = pip_package_for("flask", "", &|_| true, Some("3.7")).unwrap();
    assert!(version_cmp(any.row.version, "1.1.4") == std::cmp::Ordering::Greater);
    assert!(version_cmp(any.row.version, "3") == std::cmp::Ordering::Less);
    // A Python nobody measured: the nearest, and it says so.
    let far = pip_package_for("flask", "", &|_| true, Some("3.30")).unwrap();
    assert!(!far.same_python);
    assert!(pip_package("no-such-package").is_none());
    assert_eq!(python_minor("3.12"), Some(12));
}

#[test]
fn pip_dists_give_each_wheel_for_its_python() {
    let f = pip_package("flask").unwrap();
    let (_, mv) = f.dependencies().find(|(d, _)| *d == "markupsafe").unwrap();
    let d11 = pip_dist("MarkupSafe", mv, Some(11)).unwrap();
    assert!(d11.python_min <= 11 && 11 <= d11.python_max);
    let (with, measured) = d11.installed_bytes(Some(11), true);
    assert!(measured);
    let (without, _) = d11.installed_bytes(Some(11), false);
    assert_eq!(with - without, d11.pyc_bytes_cp311.unwrap());
    // Another Python: the same members, the .pyc an estimate.
    let flask = pip_dist("flask", f.version, Some(13)).unwrap();
    let (b, measured) = flask.installed_bytes(Some(13), true);
    assert!(!measured);
    assert_eq!(
        b,
        flask.unpacked_bytes + u64::from(flask.launcher_bytes) + flask.pyc_estimate()
    );
    assert!(flask.scripts().any(|s| s == "flask"));
    assert!(PIP_PYC_PER_PY_BYTE_CP311 > 0.5 && PIP_PYC_PER_PY_BYTE_CP311 < 2.0);
}

#[test]
fn pip_failures_are_reported_not_invented() {
    let m = pip_packages("mysqlclient")
        .find(|p| p.python == "3.11")
        .unwrap();
    assert!(matches!(m.status, MeasureStatus::Failed(_)));
    assert_eq!(m.installed_bytes_with_deps, None);
}

#[test]
fn pip_tables_shape_and_provenance() {
    for p in pip_packages_all() {
        assert_eq!(p.source.table, "pip-packages.csv");
        assert!(p.source.detail.contains("pip "), "{}", p.source.detail);
        assert!(p.source.date >= Date::ymd(2026, 12, 1));
        assert!(python_minor(p.python).is_some_and(|m| (7..=14).contains(&m)));
        if p.status == MeasureStatus::Ok {
            assert!(p.installed_bytes_with_deps.is_some() && p.wheel_bytes_with_deps.is_some());
            for (d, v) in p.dependencies() {
                assert!(
                    pip_dist(d, v, python_minor(p.python)).is_some(),
                    "{} {}: no wheel row for {d}=={v}",
                    p.requested_spec,
                    p.python
                );
            }
        }
    }
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
