//! go build and go install: the binary, cgo, the build cache.

use super::ctx::RunCtx;
use crate::sim::size::Bytes;
use crate::sim::vfs::{self, Entry, Kind, Origin, Unseen};
use crate::sim::LeftoverKind;
pub(super) fn go(mut cx: RunCtx, args: &[String], cgo_assigned: Option<String>) {
    let sub = args.first().map(String::as_str).unwrap_or("");
    if sub != "build" && sub != "install" {
        let gopath = cx.env("GOPATH").unwrap_or_else(|| "/go".into());
        match sub {
            "mod" if args.get(1).is_some_and(|a| a == "download") => {
                let dir = format!("{gopath}/pkg/mod");
                cx.note(format!(
                    "go mod download: module cache in {dir} (size unknown)"
                ));
                cx.region(
                    &dir,
                    Unseen::BuildOutput {
                        tool: "go mod download".into(),
                    },
                );
            }
            "version" | "env" | "vet" | "" | "mod" | "list" | "help" | "doc" => {}
            "test" => {
                let dir = cx.in_home(".cache/go-build");
                cx.region(
                    &dir,
                    Unseen::BuildOutput {
                        tool: "go test".into(),
                    },
                );
            }
            other => cx.anything(&format!("go {other}")),
        }
        return;
    }
    let cgo = cgo_assigned
        .or_else(|| cx.env("CGO_ENABLED"))
        .unwrap_or_else(|| "1".into());
    let mut out = args
        .iter()
        .position(|a| a == "-o")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let pkg = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .find(|a| Some(*a) != out.as_ref())
        .cloned();
    if out.is_none() {
        // Without -o the binary is named after the package: the module's last
        // path element (go.mod, from the build context) for ".", else the
        // package directory's name.
        let name = match pkg.as_deref() {
            None | Some(".") => go_module_name(&cx),
            Some(p) if p.starts_with("./") && !p.contains("...") => {
                Some(vfs::basename(p.trim_end_matches('/')).to_string())
            }
            _ => None,
        };
        match name {
            Some(n) if sub == "install" => {
                out = Some(format!(
                    "{}/bin/{n}",
                    cx.env("GOPATH").unwrap_or_else(|| "/go".into())
                ))
            }
            Some(n) => out = Some(n),
            None => {
                let dir = if sub == "install" {
                    format!("{}/bin", cx.env("GOPATH").unwrap_or_else(|| "/go".into()))
                } else {
                    cx.cwd().to_string()
                };
                cx.note(format!("go {sub}: a binary in {dir} whose name go.mod decides (not in the build context); size unknown"));
                cx.region(
                    &dir,
                    Unseen::BuildOutput {
                        tool: format!("go {sub}"),
                    },
                );
            }
        }
    }
    if out.is_none() {
        return;
    }
    let target = match (sub, out) {
        (_, Some(o)) => {
            let p = cx.path(&o);
            if cx.stage().fs.is_dir(&p) || o.ends_with('/') {
                let pkg = args
                    .iter()
                    .skip(1)
                    .rev()
                    .find(|a| !a.starts_with('-'))
                    .cloned()
                    .unwrap_or_else(|| "main".into());
                format!(
                    "{p}/{}",
                    vfs::basename(pkg.trim_end_matches("/...").trim_end_matches('/'))
                        .trim_start_matches('.')
                )
            } else {
                p
            }
        }
        ("install", None) => format!(
            "{}/bin/app",
            cx.env("GOPATH").unwrap_or_else(|| "/go".into())
        ),
        _ => cx.path(vfs::basename(cx.cwd())),
    };
    let mut e = Entry::new(
        Kind::Executable,
        Bytes::UNKNOWN,
        Some(cx.line()),
        Some(cx.layer()),
        Origin::Go { cgo: cgo != "0" },
    );
    e.opaque = false;
    cx.put_entry(&target, e);
    let libc = cx
        .base_facts()
        .and_then(|f| f.libc.clone())
        .unwrap_or_else(|| "unknown libc".into());
    if cgo == "0" {
        cx.note(format!(
            "go {sub} → {target}: static binary (cgo off), size unknown"
        ));
    } else {
        cx.note(format!(
            "go {sub} → {target}: cgo on, the binary needs {libc} at run time; size unknown"
        ));
    }
    cx.leftover(
        LeftoverKind::GoBuildCache,
        &cx.in_home(".cache/go-build"),
        Bytes::UNKNOWN,
        "go build keeps its build cache in ~/.cache/go-build".into(),
    );
}

/// The last element of the module path in go.mod (in the working directory
/// or a parent), without a `/vN` major-version suffix.
fn go_module_name(cx: &RunCtx) -> Option<String> {
    let mut dir = cx.cwd().to_string();
    loop {
        let gomod = if dir == "/" {
            "/go.mod".to_string()
        } else {
            format!("{dir}/go.mod")
        };
        if let Some(text) = cx.context_text(&gomod) {
            let module = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("module "))?
                .trim()
                .trim_matches('"')
                .to_string();
            let mut parts: Vec<&str> = module.split('/').collect();
            if parts.len() > 1
                && parts.last().is_some_and(|p| {
                    p.len() > 1 && p.starts_with('v') && p[1..].chars().all(|c| c.is_ascii_digit())
                })
            {
                parts.pop();
            }
            return parts.last().map(|s| s.to_string());
        }
        dir = vfs::parent(&dir)?.to_string();
    }
}
