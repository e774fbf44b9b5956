//! npm, yarn and pnpm installs.

use super::ctx::RunCtx;
use crate::sim::size::Bytes;
use crate::sim::vfs::{Origin, Unseen};
use crate::sim::LeftoverKind;

pub(super) fn node_install(mut cx: RunCtx, prog: &str, args: &[String]) {
    let sub = args.first().map(String::as_str).unwrap_or("install");
    let installs =
        matches!(sub, "install" | "i" | "ci" | "add") || (prog == "yarn" && args.is_empty());
    if !installs {
        // A package.json script (`npm run build`, `yarn build`, `pnpm exec`…)
        // writes where its tools are configured to: the project directory.
        let harmless = matches!(
            sub,
            "config"
                | "cache"
                | "version"
                | "--version"
                | "-v"
                | "view"
                | "info"
                | "ls"
                | "list"
                | "audit"
                | "outdated"
                | "whoami"
                | "help"
                | "set"
                | "prune"
                | "dedupe"
                | "uninstall"
                | "remove"
                | "rm"
        );
        if !harmless {
            let dir = cx.cwd().to_string();
            let tool = format!("{prog} {}", args.join(" "));
            cx.note(format!("{tool}: outputs in {dir} (names and size unknown)"));
            cx.region(&dir, Unseen::BuildOutput { tool });
        }
        return;
    }
    let global = args.iter().any(|a| a == "-g" || a == "--global");
    let dir = if global {
        "/usr/local/lib/node_modules".to_string()
    } else {
        cx.path("node_modules")
    };
    cx.put_opaque_dir(
        &dir,
        Bytes::UNKNOWN,
        Origin::Run {
            command: format!("{prog} {sub}"),
        },
    );
    let omit_dev = args.iter().any(|a| {
        a == "--omit=dev" || a == "--production" || a == "--only=production" || a == "--prod"
    });
    // What package.json (from the build context) asks for.
    let manifest = cx.context_text(&cx.path("package.json"));
    let counts = manifest
        .as_deref()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .map(|v| {
            let n = |k: &str| v.get(k).and_then(|d| d.as_object()).map_or(0, |o| o.len());
            (n("dependencies"), n("devDependencies"))
        });
    let what = match counts {
        Some((deps, _)) if omit_dev => {
            format!("{deps} dependencies from package.json (dev dependencies omitted)")
        }
        Some((deps, dev)) => {
            format!("{deps} dependencies and {dev} dev dependencies from package.json")
        }
        None if omit_dev => "the dependencies (dev dependencies omitted)".to_string(),
        None => "the dependencies".to_string(),
    };
    cx.note(format!(
        "{prog} {sub} installs {what} into {dir}: size unknown (no npm size table)"
    ));
    let lock = match prog {
        "npm" => ["package-lock.json", "npm-shrinkwrap.json"]
            .iter()
            .any(|f| cx.stage().fs.exists(&cx.path(f))),
        "yarn" => cx.stage().fs.exists(&cx.path("yarn.lock")),
        _ => cx.stage().fs.exists(&cx.path("pnpm-lock.yaml")),
    };
    if prog == "npm" && sub == "ci" && !lock && manifest.is_some() {
        cx.note("npm ci needs package-lock.json (or npm-shrinkwrap.json) next to package.json; without it the build fails".into());
    } else if !lock && manifest.is_some() && !global {
        cx.note(format!(
            "no {prog} lock file was copied: versions are resolved anew on every build"
        ));
    }
    if prog == "npm" && !args.iter().any(|a| a.starts_with("--cache")) {
        let cache = cx.in_home(".npm");
        cx.put_opaque_dir(
            &cache,
            Bytes::UNKNOWN,
            Origin::Run {
                command: "npm cache".into(),
            },
        );
        cx.leftover(LeftoverKind::NpmCache, &cache, Bytes::UNKNOWN, format!("npm keeps its cache in {cache}; run npm cache clean --force in the same RUN or use a cache mount"));
    }
}
