//! Build tools whose outputs the simulation cannot name: what they write is
//! decided by a Makefile, a pom.xml, a build.gradle, a tsconfig.json, a
//! next.config.js… Their outputs *may* exist in the directories the tool
//! writes to by convention (a region of unseen paths), with an unknown size:
//! a copy or a CMD of such a path is never reported as missing.

use super::ctx::RunCtx;
use crate::sim::vfs::Unseen;

/// Where a build tool writes, relative to the working directory unless absolute.
enum Writes {
    /// Anywhere (`make` may install into any directory).
    Anywhere,
    /// Under these directories.
    Under(Vec<String>),
}

/// The value of an output flag (`-o X`, `--output X`, `--output=X`, `-oX`).
fn output_flag(args: &[String], names: &[&str]) -> Option<String> {
    for (i, a) in args.iter().enumerate() {
        for n in names {
            if a == n {
                return args.get(i + 1).cloned();
            }
            if let Some(v) = a.strip_prefix(&format!("{n}=")) {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// What `prog args` writes, when it is a build tool the simulation knows by
/// its conventions.
fn writes(prog: &str, args: &[String]) -> Option<Writes> {
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    let out = || {
        output_flag(
            args,
            &["-o", "--output", "--out-dir", "--outDir", "--outdir"],
        )
    };
    let here = || Writes::Under(vec![out().unwrap_or_else(|| ".".into())]);
    Some(match prog {
        "make" | "gmake" | "cmake" | "ninja" | "meson" | "scons" | "bazel" | "bazelisk" => {
            Writes::Anywhere
        }
        "mvn" | "mvnw" | "gradle" | "gradlew" | "ant" | "sbt" | "lein" => {
            Writes::Under(vec![".".into()])
        }
        "dotnet" if matches!(sub, Some("publish" | "build" | "restore" | "pack")) => here(),
        "tsc" | "webpack" | "rollup" | "esbuild" | "parcel" | "vite" | "next" | "nuxt" | "ng"
        | "nx" | "turbo" | "swc" | "babel" | "hugo" | "jekyll" | "mkdocs" | "sphinx-build"
        | "javac" | "kotlinc" | "rustc" | "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++"
        | "zig" | "nim" | "crystal" | "elm" | "protoc" | "buf" | "sqlc" | "templ" | "bun"
        | "deno" | "npx" | "pnpx" | "bunx" | "composer" | "mix" | "rebar3" | "stack" | "cabal"
        | "swift" | "flutter" | "dart" => here(),
        "bundle" | "gem" => Writes::Under(vec![".".into(), "/usr/local".into()]),
        _ => return None,
    })
}

/// Whether `prog` is a build tool this module models.
pub(super) fn is_build_tool(prog: &str, args: &[String]) -> bool {
    writes(prog, args).is_some()
}

/// Applies a build tool: its outputs may exist where it writes.
pub(super) fn build(mut cx: RunCtx, prog: &str, args: &[String]) {
    let tool = match args.iter().find(|a| !a.starts_with('-')) {
        Some(sub) => format!("{prog} {sub}"),
        None => prog.to_string(),
    };
    match writes(prog, args) {
        Some(Writes::Anywhere) | None => {
            cx.note(format!(
                "{tool}: outputs not modelled (they may be anywhere); size unknown"
            ));
            cx.region("/", Unseen::BuildOutput { tool });
        }
        Some(Writes::Under(dirs)) => {
            let dirs: Vec<String> = dirs.iter().map(|d| cx.path(d)).collect();
            cx.note(format!(
                "{tool}: build outputs in {} (names and size unknown)",
                dirs.join(", ")
            ));
            for d in dirs {
                cx.region(&d, Unseen::BuildOutput { tool: tool.clone() });
            }
        }
    }
}
