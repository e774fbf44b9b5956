//! ## What it does
//! Finds `COPY --from=<stage> …/target/release` (or `target/debug`,
//! `target/<triple>/release`) into a stage the image ships, where the
//! other stage runs `cargo build`: the whole output directory is copied,
//! not the binary. When the binary's name is known (the program the image
//! runs, under the copy's destination, or the `[package]` name of the
//! build context's `Cargo.toml`), the fix copies that file only.
//!
//! ## Why it matters
//! Cargo's profile directory holds, next to the binaries, everything it
//! used to build them: `deps/` (every dependency compiled, as `.rlib` and
//! `.rmeta` files, plus a second copy of each binary), `build/` (build
//! script outputs), `.fingerprint/` and, in debug builds, `incremental/`.
//! The size of these files is not in Layerlab's tables, but they are
//! commonly many times the size of the binary, and the image ships all of them.
//!
//! ## Example
//! ```dockerfile
//! FROM rust:1 AS build
//! WORKDIR /src
//! COPY . .
//! RUN cargo build --release
//!
//! FROM debian:bookworm-slim
//! COPY --from=build /src/target/release /app
//! CMD ["/app/server"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM rust:1 AS build
//! WORKDIR /src
//! COPY . .
//! RUN cargo build --release
//!
//! FROM debian:bookworm-slim
//! COPY --from=build /src/target/release/server /app/
//! CMD ["/app/server"]
//! ```
//!
//! ## References
//! - The Cargo Book, build cache (the target directory's layout): <https://doc.rust-lang.org/cargo/guide/build-cache.html>
//! - Docker docs, multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::walk::command_name;
use crate::sim::vfs;
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CargoTargetDirCopied;

struct CargoTargetDirCopied;

/// Whether a path is a Cargo profile directory (`…/target/release`,
/// `…/target/x86_64-unknown-linux-musl/release`).
fn is_profile_dir(path: &str) -> bool {
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let n = segs.len();
    let profile = |s: &str| matches!(s, "release" | "debug");
    (n >= 2 && profile(segs[n - 1]) && segs[n - 2] == "target")
        || (n >= 3 && profile(segs[n - 1]) && segs[n - 3] == "target" && segs[n - 2].contains('-'))
}

impl Rule for CargoTargetDirCopied {
    fn meta(&self) -> Meta {
        Meta {
            id: "cargo-target-dir-copied",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "COPY --from copies Cargo's whole target directory instead of the binary",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let shipped = super::shipped_stages(cx.sim);
        for si in &shipped {
            for c in &cx.sim.stages[*si].copies {
                if c.source.contains('*') || !is_profile_dir(&c.source) {
                    continue;
                }
                if !runs_cargo_build(cx, c.from) {
                    continue;
                }
                let Some(ins) = super::_shared_sim::instruction_at(cx, c.line) else {
                    continue;
                };
                if ins.kind != Keyword::Copy {
                    continue;
                }
                let Some((srcs, dest)) = super::_shared_instr::copy_paths(ins) else {
                    continue;
                };
                let Some(src) = srcs
                    .iter()
                    .find(|t| is_profile_dir(&t.text) && !t.text.contains('$'))
                else {
                    continue;
                };
                let from = cx.sim.stages[c.from].display_name();
                let f = out.emit(
                    src.span,
                    format!(
                        "copies all of {} from stage {from}: with the binary come Cargo's deps/, build/ and .fingerprint/ (size not known)",
                        c.source
                    ),
                );
                f.help =
                    "Copy the binary only: COPY --from=<stage> …/target/release/<name> <dir>/."
                        .into();
                if srcs.len() == 1 {
                    if let Some(name) = binary_name(cx, &c.dest) {
                        let mut edits = vec![super::Edit {
                            start: src.span.start,
                            end: src.span.end,
                            replacement: format!("{}/{name}", src.text.trim_end_matches('/')),
                        }];
                        // A file copied to `/app` (no slash) would become
                        // the file `/app`: keep it a directory.
                        if !dest.text.ends_with('/') && dest.text != "." {
                            edits.push(super::Edit {
                                start: dest.span.end,
                                end: dest.span.end,
                                replacement: "/".into(),
                            });
                        }
                        f.fix = Some(Fix {
                            title: format!("Copy only the binary {name}"),
                            edits,
                        });
                    }
                }
            }
        }
    }
}

/// Whether stage `from` (or a stage it is built on) runs `cargo build`.
fn runs_cargo_build(cx: &RuleCtx, from: usize) -> bool {
    let mut chain = vec![from];
    let mut i = from;
    while let crate::sim::Base::Stage { index } = cx.sim.stages[i].base {
        if chain.contains(&index) {
            break;
        }
        chain.push(index);
        i = index;
    }
    cx.scripts().iter().any(|ss| {
        ss.stage.is_some_and(|s| chain.contains(&s))
            && ss.ast.simple_commands().iter().any(|c| {
                let src = &ss.run.text;
                command_name(c, src) == Some("cargo")
                    && c.words
                        .iter()
                        .skip(1)
                        .find_map(|w| w.static_text(src).filter(|t| !t.starts_with('-')))
                        .is_some_and(|s| matches!(s.as_str(), "build" | "b"))
            })
    })
}

/// The binary's name: the program the image runs when its path is right
/// under `dest`; else the `[package]` name of the context's `Cargo.toml`
/// (when that package declares no other binaries), if the image runs no
/// program of another name.
fn binary_name(cx: &RuleCtx, dest: &str) -> Option<String> {
    let dest = dest.trim_end_matches('/');
    let package = package_name(cx);
    let Some((_, cmd)) = super::_shared_sim::own_command(cx) else {
        return package;
    };
    let p = super::_shared_sim::program_of(cmd)?;
    if !p.contains('/') {
        // Found on PATH: only the package's own name is trusted.
        return package.filter(|n| *n == p);
    }
    let t = cx.sim.target_stage()?;
    let abs = vfs::normalize(&p, &t.workdir);
    if vfs::parent(&abs) != Some(dest) {
        return None;
    }
    let name = abs.rsplit('/').next()?.to_string();
    valid(&name).then_some(name)
}

/// The `[package]` name of the build context's `Cargo.toml`, when it
/// declares no `[[bin]]` and no workspace.
fn package_name(cx: &RuleCtx) -> Option<String> {
    let toml = cx.sim.context_texts.get("Cargo.toml")?;
    if toml.contains("[[bin]]") || toml.contains("[workspace]") {
        return None;
    }
    let mut in_package = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some(rest) = line.strip_prefix("name") else {
            continue;
        };
        let v = rest.trim_start().strip_prefix('=')?.trim();
        let v = v.strip_prefix('"')?.split('"').next()?.to_string();
        return valid(&v).then_some(v);
    }
    None
}

fn valid(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
