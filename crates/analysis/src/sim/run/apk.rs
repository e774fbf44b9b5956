//! apk (Alpine): add, del, update, the index cache.

use super::ctx::RunCtx;
use crate::sim::size::{human, Bytes};
use crate::sim::vfs::{Kind, Origin};
use crate::sim::{LayerFact, LeftoverKind};
use layerlab_catalog as catalog;
pub(super) fn apk(mut cx: RunCtx, args: &[String]) {
    let pm = cx.stage().package_manager.clone();
    if pm.as_deref().is_some_and(|p| p != "apk") {
        cx.note(format!(
            "apk: this image has no apk ({} is its package manager); the build fails here",
            pm.clone().unwrap_or_default()
        ));
        cx.fact(LayerFact::WrongPackageManager {
            program: "apk".into(),
            has: pm.unwrap_or_default(),
        });
        return;
    }
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    let no_cache = args.iter().any(|a| a == "--no-cache");
    let release = cx
        .base_facts()
        .and_then(|f| f.distro_version.clone())
        .unwrap_or_default();
    match sub.as_str() {
        "add" => {
            let mut skip_next = false;
            let mut names = Vec::new();
            for a in args.iter().skip_while(|a| *a != "add").skip(1) {
                if skip_next {
                    skip_next = false;
                    continue;
                }
                if a == "--virtual" || a == "-t" || a == "--repository" || a == "-X" {
                    skip_next = true;
                    continue;
                }
                if !a.starts_with('-') {
                    names.push(
                        a.split(['=', '<', '>', '~'])
                            .next()
                            .unwrap_or(a)
                            .to_string(),
                    );
                }
            }
            if !names.is_empty() {
                cx.system_packages("apk");
            }
            let mut unknown = Vec::new();
            let mut parts = Vec::new();
            for n in &names {
                match catalog::apk_package(n, &release) {
                    Some(m) => {
                        let rel = if m.other_release || m.other_arch {
                            0.3
                        } else {
                            0.15
                        };
                        let b = Bytes::about(m.package.installed_bytes, rel);
                        parts.push(format!("{n} {}", human(b.value)));
                        cx.put_opaque_file(
                            &format!("/lib/apk/db/packages/{n}"),
                            b,
                            Origin::Run {
                                command: format!("apk add {n}"),
                            },
                        );
                    }
                    None => {
                        unknown.push(n.clone());
                        cx.put_opaque_file(
                            &format!("/lib/apk/db/packages/{n}"),
                            Bytes::UNKNOWN,
                            Origin::Run {
                                command: format!("apk add {n}"),
                            },
                        );
                    }
                }
            }
            if !unknown.is_empty() {
                cx.note(format!(
                    "not in the Alpine table: {} (size unknown; dependencies not counted)",
                    unknown.join(", ")
                ));
            }
            if !parts.is_empty() {
                cx.note(format!(
                    "installs {} (own size; dependencies are not in the table)",
                    parts.join(", ")
                ));
            }
            if !no_cache {
                cx.put(
                    "/var/cache/apk/APKINDEX.tar.gz",
                    Kind::File,
                    Bytes::UNKNOWN,
                    Origin::Run {
                        command: "apk add".into(),
                    },
                );
                cx.leftover(
                    LeftoverKind::ApkCache,
                    "/var/cache/apk",
                    Bytes::UNKNOWN,
                    "apk keeps its index in /var/cache/apk; use apk add --no-cache".into(),
                );
            }
        }
        "del" => cx.note("apk del: removes packages; the bytes stay in earlier layers".into()),
        "update" if !no_cache => {
            cx.put(
                "/var/cache/apk/APKINDEX.tar.gz",
                Kind::File,
                Bytes::UNKNOWN,
                Origin::Run {
                    command: "apk update".into(),
                },
            );
        }
        _ => {}
    }
}
