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

#[test]
fn debian_packages() {
    let gcc = debian_package("gcc", DebianRelease::Bookworm).unwrap();
    assert_eq!(
        (
            gcc.own_installed_kib,
            gcc.with_deps_installed_kib,
            gcc.deps_counted
        ),
        (Some(47), Some(176_018), 25)
    );
    assert!(gcc.installs_package("cpp-12"));
    assert!(!gcc.installs_package("perl"));
    assert_eq!(gcc.installs().count(), 25);
    assert_eq!(gcc.source().date, Date::ymd(2026, 7, 11));
    let gxx = debian_package("g++", DebianRelease::Bookworm).unwrap();
    assert!(gcc.is_covered_by(gxx));
    let tri = debian_package("gcc", DebianRelease::Trixie).unwrap();
    assert_ne!(tri.with_deps_installed_kib, gcc.with_deps_installed_kib);

    let tz = debian_package("tzdata", DebianRelease::Bookworm).unwrap();
    assert_eq!(tz.status, DebianStatus::VirtualOrBaseline);
    let jre = debian_package("openjdk-21-jre-headless", DebianRelease::Bookworm).unwrap();
    assert!(
        matches!(jre.status, DebianStatus::NotAvailable(m) if m.contains("no installation candidate"))
    );
    assert!(debian_package("no-such-package", DebianRelease::Trixie).is_none());
    assert_eq!(
        DebianRelease::from_codename("Trixie"),
        Some(DebianRelease::Trixie)
    );
    assert_eq!(DebianRelease::from_codename("buster"), None);
}

#[test]
fn apt_install_counts_shared_dependencies_once() {
    let e = apt_install_estimate(&["gcc", "g++", "make"], DebianRelease::Bookworm);
    let gxx = debian_package("g++", DebianRelease::Bookworm).unwrap();
    assert!(e.covered.iter().any(|p| p.name == "gcc"));
    assert!(e.counted.iter().any(|p| p.name == "g++"));
    assert!(e.low_kib >= gxx.with_deps_installed_kib.unwrap() as u64);
    let e = apt_install_estimate(&["gcc", "g++"], DebianRelease::Bookworm);
    assert!(e.exact);
    assert_eq!(e.low_kib, 260_915);
    let e = apt_install_estimate(&["libc6", "not-a-package"], DebianRelease::Bookworm);
    assert_eq!(
        (e.in_baseline, e.unknown),
        (vec!["libc6".to_string()], vec!["not-a-package".to_string()])
    );
    assert_eq!(e.high_kib, 0);
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
