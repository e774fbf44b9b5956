//! `lookup` on the cases the simulation relies on (see shared/seeds/README.md).

use layerlab_catalog::*;

const TODAY: Date = Date::ymd(2026, 11, 23);

fn info(reference: &str) -> ImageInfo {
    lookup(&ImageRef::parse(reference).unwrap(), TODAY)
}

fn os(i: &ImageInfo) -> Os {
    i.os.unwrap_or_else(|| panic!("{}:{} has no OS", i.image, i.tag))
}

#[test]
fn python_3_12_slim() {
    let i = info("python:3.12-slim");
    assert_eq!(i.status, TagStatus::PublishedNow { linux_amd64: true });
    assert_eq!(i.canonical_tag, Some("3.12-slim-trixie"));
    assert_eq!(i.full_version_tag, Some("3.12.14-slim-trixie"));
    let o = os(&i);
    assert_eq!(
        (o.distro, o.version, o.codename, o.libc, o.package_manager),
        (
            Distro::Debian,
            Some("13"),
            Some("trixie"),
            Libc::Glibc,
            PackageManager::Apt
        )
    );
    let rt = i.runtime.clone().unwrap();
    assert_eq!(
        (rt.name, rt.version.as_deref(), rt.line.as_deref()),
        ("python", Some("3.12.13"), Some("3.12"))
    );
    assert!(matches!(
        rt.basis,
        RuntimeBasis::ImageEnv {
            note: "PYTHON_VERSION=3.12.13",
            ..
        }
    ));
    assert!(
        matches!(i.runtime_eol.unwrap().support, Support::Supported { until: Some(d) } if d == Date::ym(2028, 10))
    );
    assert!(i.runtime_eol.unwrap().row.planned);
    assert!(matches!(
        i.distro_eol.unwrap().support,
        Support::Supported { .. }
    ));
    assert!(i.suggestion.is_none());

    let size = i.size.unwrap();
    assert_eq!(size.compressed_bytes, 43_188_023);
    assert_eq!(size.layers, &[29_780_765, 1_293_276, 12_113_733, 249]);
    assert_eq!(size.row.image_date, Date::ymd(2026, 8, 5));
    assert!(
        size.source()
            .detail
            .contains("repos/python/remote/3.12-slim.md"),
        "{}",
        size.source().detail
    );
    // the local size is from a different build: estimated, value = that measurement
    match size.uncompressed {
        Uncompressed::Estimated(e) => {
            assert_eq!(e.bytes, 119_200_000);
            assert!(e.low < e.bytes && e.bytes < e.high);
            assert!(matches!(
                e.method,
                EstimateMethod::OtherBuild {
                    build: BuildMatch::DifferentBuild,
                    ..
                }
            ));
        }
        other => panic!("expected an estimate, got {other:?}"),
    }

    let d = i.defaults.unwrap();
    assert_eq!(d.cmd.unwrap().value, &["python3"]);
    assert_eq!(d.env[0].name, "PATH");
    let paths = d.resolved_paths("3.12", "3.12.13");
    for p in [
        "/usr/local/bin/python3.12",
        "/usr/local/bin/pip",
        "/usr/local/lib/python3.12/site-packages",
        "/var/lib/apt/lists",
    ] {
        assert!(
            paths.iter().any(|(q, _)| q == p),
            "missing {p} in {paths:?}"
        );
    }
    assert!(d
        .paths
        .iter()
        .all(|p| p.source.file.starts_with("docker-library__python__")));
}

#[test]
fn python_3_12_slim_buster_never_published() {
    let i = info("python:3.12-slim-buster");
    let TagStatus::NeverPublished {
        reason,
        suggestion,
        source,
    } = &i.status
    else {
        panic!("expected NeverPublished, got {:?}", i.status)
    };
    assert!(reason.contains("pre-release"), "{reason}");
    assert_eq!(source.table, "python-tag-history.csv");
    let s = suggestion.as_ref().unwrap();
    assert_eq!(s.tag, "3.12-slim-bookworm");
    assert_eq!(s.reference, "python:3.12-slim-bookworm");
    assert_eq!(s.alternatives, vec!["3.12-slim"]);
    assert_eq!(i.suggestion.as_ref(), Some(s));
    let o = os(&i);
    assert_eq!(
        (o.distro, o.version, o.codename),
        (Distro::Debian, Some("10"), Some("buster"))
    );
    assert!(i.size.is_none(), "never published: no size");
    assert!(i.distro_eol.unwrap().support.is_ended());
}

#[test]
fn python_3_9_slim_buster_no_longer_published() {
    let i = info("python:3.9-slim-buster");
    assert!(
        matches!(
            i.status,
            TagStatus::NoLongerPublished { last_seen: Some(l), removed: Some(r), .. }
                if l == Date::ymd(2023, 6, 7) && r == Date::ymd(2023, 6, 14)
        ),
        "{:?}",
        i.status
    );
    let o = os(&i);
    assert_eq!(
        (o.distro, o.version, o.codename, o.libc),
        (Distro::Debian, Some("10"), Some("buster"), Libc::Glibc)
    );
    // both end of life on 2026-11-23
    let d = i.distro_eol.unwrap();
    assert_eq!((d.row.product, d.row.cycle), ("debian", "10"));
    assert_eq!(
        d.support,
        Support::Ended {
            on: Date::ymd(2024, 6, 30)
        }
    );
    let r = i.runtime_eol.unwrap();
    assert_eq!((r.row.product, r.row.cycle), ("python", "3.9"));
    assert_eq!(
        r.support,
        Support::Ended {
            on: Date::ymd(2025, 10, 31)
        }
    );
    assert_eq!(i.size.unwrap().compressed_bytes, 44_660_887);
    let s = i.suggestion.unwrap();
    assert_eq!(s.tag, "3.14-slim-trixie");
    assert!(s.alternatives.contains(&"3.14-slim"));
}

#[test]
fn python_3_7_historical_sizes_are_exact() {
    let i = info("python:3.7");
    let size = i.size.unwrap();
    assert_eq!(size.compressed_bytes, 347_653_336);
    assert_eq!(
        size.uncompressed,
        Uncompressed::Exact {
            bytes: 908_580_000,
            tolerance: 5_000,
            source: size.row.local.unwrap().source
        }
    );
    assert!(size.row.historical);
    assert!(matches!(i.status, TagStatus::NoLongerPublished { .. }));
    assert_eq!(os(&i).codename, Some("bullseye"));

    let i = info("python:3.7-alpine");
    let size = i.size.unwrap();
    assert_eq!(size.compressed_bytes, 17_930_437);
    assert_eq!(size.uncompressed.bytes(), 46_860_000);
    assert!(!size.uncompressed.is_estimated());
    let o = os(&i);
    assert_eq!(
        (o.distro, o.version, o.libc, o.package_manager),
        (
            Distro::Alpine,
            Some("3.17"),
            Libc::Musl,
            PackageManager::Apk
        )
    );
    assert!(i.runtime_eol.unwrap().support.is_ended());
}

#[test]
fn python_3_8_slim_is_debian_not_alpine() {
    let i = info("python:3.8-slim");
    let o = os(&i);
    assert_eq!(
        (o.distro, o.libc, o.package_manager),
        (Distro::Debian, Libc::Glibc, PackageManager::Apt)
    );
    assert_ne!(o.distro, Distro::Alpine);
    assert!(
        matches!(o.basis, OsBasis::Measured { inferred: true, .. }),
        "bullseye is inferred: {:?}",
        o.basis
    );
    assert_eq!(
        i.runtime_eol.unwrap().support,
        Support::Ended {
            on: Date::ymd(2024, 10, 7)
        }
    );
    assert!(
        matches!(i.status, TagStatus::NoLongerPublished { removed: Some(d), .. } if d == Date::ymd(2024, 10, 7))
    );
    assert_eq!(i.defaults.unwrap().flavour, Flavour::Debian);
}

#[test]
fn node_lts() {
    let i = info("node:lts");
    assert_eq!(i.status, TagStatus::PublishedNow { linux_amd64: true });
    assert_eq!(i.canonical_tag, Some("24-bookworm"));
    assert_eq!(i.full_version_tag, Some("24.19.0-bookworm"));
    let rt = i.runtime.clone().unwrap();
    assert_eq!(
        (rt.name, rt.version.as_deref(), rt.line.as_deref()),
        ("node", Some("24.19.0"), Some("24"))
    );
    assert_eq!(
        i.runtime_eol.unwrap().support,
        Support::Supported {
            until: Some(Date::ymd(2028, 4, 30))
        }
    );
    let o = os(&i);
    assert_eq!((o.distro, o.codename), (Distro::Debian, Some("bookworm")));
    // Debian 12 security support ended 2026-07-11; LTS runs to 2028-06-30
    assert_eq!(
        i.distro_eol.unwrap().support,
        Support::Extended {
            eol: Date::ymd(2026, 7, 11),
            until: Date::ymd(2028, 6, 30)
        }
    );
    assert_eq!(i.size.unwrap().compressed_bytes, 408_949_206);
    let d = i.defaults.unwrap();
    assert_eq!(d.accounts[0].value.name, "node");
    assert_eq!(d.accounts[0].value.uid, 1000);
    assert_eq!(d.entrypoint.unwrap().value, &["docker-entrypoint.sh"]);
    assert!(d
        .paths
        .iter()
        .any(|p| p.value.path == "/usr/local/lib/node_modules"));
    assert!(d
        .paths
        .iter()
        .any(|p| p.value.path == "/usr/local/bin/node" && p.source.evidence == Evidence::Literal));
}

#[test]
fn golang_1_26_alpine() {
    let i = info("golang:1.26-alpine");
    assert_eq!(i.status, TagStatus::PublishedNow { linux_amd64: true });
    assert_eq!(i.canonical_tag, Some("1.26-alpine3.24"));
    let o = os(&i);
    assert_eq!(
        (o.distro, o.version, o.libc, o.package_manager),
        (
            Distro::Alpine,
            Some("3.24.1"),
            Libc::Musl,
            PackageManager::Apk
        )
    );
    assert_eq!(
        i.runtime.clone().unwrap().version.as_deref(),
        Some("1.26.8")
    );
    // Go 1.26 is supported until two newer releases exist: no date in the source
    assert_eq!(
        i.runtime_eol.unwrap().support,
        Support::Supported { until: None }
    );
    assert_eq!(i.size.unwrap().compressed_bytes, 71_399_963);
    assert!(i.size.unwrap().uncompressed.is_estimated());
    let d = i.defaults.unwrap();
    assert_eq!(d.workdir.unwrap().value, "/go");
    assert!(d.env.iter().any(|e| e.name == "GOPATH" && e.value == "/go"));
    assert!(d
        .paths
        .iter()
        .any(|p| p.value.path == "/usr/local/go/bin/go"));
}

#[test]
fn alpine_3_23() {
    let i = info("alpine:3.23");
    assert_eq!(i.canonical_tag, Some("3.23"));
    assert_eq!(i.full_version_tag, Some("3.23.5"));
    let size = i.size.unwrap();
    assert_eq!(size.compressed_bytes, 3_848_507);
    assert_eq!(size.uncompressed.bytes(), 8_420_000);
    assert!(!size.uncompressed.is_estimated());
    let o = os(&i);
    assert_eq!(
        (o.distro, o.version, o.libc),
        (Distro::Alpine, Some("3.23.6"), Libc::Musl)
    );
    assert_eq!(
        i.distro_eol.unwrap().support,
        Support::Supported {
            until: Some(Date::ymd(2027, 11, 1))
        }
    );
    assert!(i.runtime.is_none());
    assert!(i.suggestion.is_none());
}

#[test]
fn unknown_images_claim_nothing() {
    let i = info("mycorp/app:1");
    assert_eq!(
        i.status,
        TagStatus::Unknown(UnknownReason::NotOfficialImage)
    );
    assert!(i.os.is_none() && i.size.is_none() && i.runtime.is_none() && i.defaults.is_none());
    assert_eq!(
        info("ghcr.io/o/python:3.12").status,
        TagStatus::Unknown(UnknownReason::NotDockerHub)
    );
    assert_eq!(
        info("hello-world").status,
        TagStatus::Unknown(UnknownReason::ImageNotInCatalog)
    );
    assert_eq!(
        info("scratch").status,
        TagStatus::Unknown(UnknownReason::Scratch)
    );
    let sha = format!("python@sha256:{}", "0".repeat(64));
    assert_eq!(
        info(&sha).status,
        TagStatus::Unknown(UnknownReason::DigestOnly)
    );
    // a tag plus a digest: the tag is looked up, the digest is kept
    let i = info(&format!("python:3.12-slim@sha256:{}", "0".repeat(64)));
    assert_eq!(i.status, TagStatus::PublishedNow { linux_amd64: true });
    assert!(i.digest.is_some());
}

#[test]
fn latest() {
    for r in ["python", "python:latest", "docker.io/library/python"] {
        let i = info(r);
        assert_eq!(i.tag, "latest");
        assert_eq!(i.canonical_tag, Some("3.14-trixie"), "{r}");
        assert_eq!(i.full_version_tag, Some("3.14.7-trixie"));
    }
    assert_eq!(info("alpine").canonical_tag, Some("3.24"));
    assert_eq!(info("node").canonical_tag, Some("26-trixie"));
    assert_eq!(info("debian").canonical_tag, Some("trixie"));
    // golang:latest is 1.27 in the tags snapshot; the measured `latest` row
    // is a 1.26 build, so no size is claimed for it
    let g = info("golang:latest");
    assert_eq!(g.runtime.unwrap().line.as_deref(), Some("1.27"));
    assert!(g.size.is_none());
}

#[test]
fn not_listed_and_eol_suggestions() {
    let i = info("node:20");
    assert!(matches!(i.status, TagStatus::NotListed { .. }));
    assert!(i.runtime_eol.unwrap().support.is_ended());
    assert_eq!(i.suggestion.unwrap().tag, "26");

    let i = info("debian:bullseye");
    assert_eq!(i.status, TagStatus::PublishedNow { linux_amd64: true });
    assert_eq!(
        i.distro_eol.unwrap().support,
        Support::Ended {
            on: Date::ymd(2026, 8, 31)
        }
    );
    assert_eq!(i.suggestion.unwrap().tag, "trixie");

    let i = info("alpine:3.21");
    assert!(i.distro_eol.unwrap().support.is_ended());
    assert_eq!(i.suggestion.unwrap().tag, "3.24");

    let i = info("python:3.99");
    assert!(matches!(i.status, TagStatus::NeverPublished { .. }));

    let i = info("python:3.12.5-slim");
    assert!(matches!(i.status, TagStatus::NoLongerPublished { .. }));
    assert_eq!(i.suggestion.unwrap().tag, "3.12-slim");

    let i = info("python:3.12.99-slim");
    assert!(matches!(i.status, TagStatus::NeverPublished { .. }));
}

#[test]
fn month_precision_end_of_life() {
    let row = eol("python", "3.10").unwrap();
    assert_eq!(row.eol, Some(Date::ym(2026, 10)));
    assert_eq!(row.eol_precision, Precision::Month);
    assert_eq!(
        row.status(Date::ymd(2026, 10, 15)).support,
        Support::EndsThisMonth {
            month: Date::ym(2026, 10)
        }
    );
    assert!(row.status(Date::ymd(2026, 11, 1)).support.is_ended());
    assert!(matches!(
        row.status(Date::ymd(2026, 9, 30)).support,
        Support::Supported { .. }
    ));
    assert_eq!(eol("node", "24"), eol("nodejs", "24"));
    assert_eq!(eol("golang", "1.26").unwrap().eol, None);
    assert!(eol("python", "9.9").is_none());
}

/// Every published tag and every python history family looks up without
/// panicking, and every claim it makes is consistent.
#[test]
fn every_tag_is_consistent() {
    let mut n = 0;
    for image in catalogued_images() {
        for tag in published_tags(image).unwrap() {
            let i = info(&format!("{image}:{tag}"));
            assert!(
                matches!(i.status, TagStatus::PublishedNow { .. }),
                "{image}:{tag}"
            );
            assert!(i.canonical_tag.is_some(), "{image}:{tag}");
            if let Some(s) = &i.size {
                assert_eq!(
                    s.layers.iter().map(|&l| l as u64).sum::<u64>(),
                    s.compressed_bytes
                );
                let (lo, hi) = s.uncompressed.range();
                assert!(
                    lo <= s.uncompressed.bytes() && s.uncompressed.bytes() <= hi,
                    "{image}:{tag}"
                );
                assert!(
                    lo >= s.compressed_bytes,
                    "{image}:{tag}: uncompressed below compressed"
                );
            }
            if let Some(sug) = &i.suggestion {
                let back = info(&sug.reference);
                assert!(
                    matches!(back.status, TagStatus::PublishedNow { .. }),
                    "{image}:{tag} suggests unpublished {}",
                    sug.reference
                );
            }
            n += 1;
        }
    }
    assert!(n > 1800, "{n} tags");
    for h in PYTHON_TAG_HISTORY {
        let tag = match (h.prerelease, h.suffix) {
            (false, "") => h.minor.to_string(),
            (false, s) => format!("{}-{s}", h.minor),
            (true, "") => format!("{}-rc", h.minor),
            (true, s) => format!("{}-rc-{s}", h.minor),
        };
        let i = info(&format!("python:{tag}"));
        if h.present_at_head {
            assert!(
                matches!(i.status, TagStatus::PublishedNow { .. }),
                "python:{tag}: {:?}",
                i.status
            );
        } else if !h.prerelease {
            assert!(
                matches!(i.status, TagStatus::NoLongerPublished { .. }),
                "python:{tag}: {:?}",
                i.status
            );
        }
    }
}

#[test]
fn windows_only_tags_are_flagged() {
    let i = info("python:3.14-windowsservercore-ltsc2022");
    assert_eq!(i.status, TagStatus::PublishedNow { linux_amd64: false });
    assert_eq!(os(&i).distro, Distro::Windows);
}
