//! ## What it does
//! Finds an image built `FROM golang` or `FROM rust` that compiles its
//! program (`go build`, `go install`, `cargo build`, `cargo install`) and
//! runs it: the whole toolchain image ships to run one binary. Layerlab
//! gives the toolchain image's size from the catalogue. An image that runs
//! the toolchain itself (`go run`, `cargo run`, a shell) is a build or
//! development environment and is not reported.
//!
//! ## Why it matters
//! `golang:1.26` and `rust:1` weigh hundreds of MB uncompressed (the
//! compiler, the standard library sources, Debian's build packages), while
//! a Go or Rust binary is usually a few MB to a few tens of MB. Build in
//! one stage and copy the binary into a small final stage
//! (`gcr.io/distroless/static` or `scratch` for a static Go binary,
//! `debian:bookworm-slim` or `gcr.io/distroless/cc` for a Rust binary
//! linked against glibc).
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.26
//! WORKDIR /src
//! COPY . .
//! RUN CGO_ENABLED=0 go build -o /app .
//! CMD ["/app"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.26 AS build
//! WORKDIR /src
//! COPY . .
//! RUN CGO_ENABLED=0 go build -o /app .
//!
//! FROM gcr.io/distroless/static-debian12
//! COPY --from=build /app /app
//! CMD ["/app"]
//! ```
//!
//! ## References
//! - Docker docs, multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>
//! - Docker's Go guide, multi-stage: <https://docs.docker.com/guides/golang/build-images/#multi-stage-builds>
//! - Distroless images: <https://github.com/GoogleContainerTools/distroless>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::walk::command_name;
use crate::sim::size::human;
use crate::Category;
use layerlab_catalog as catalog;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &ToolchainImageShipsBinary;

struct ToolchainImageShipsBinary;

impl Rule for ToolchainImageShipsBinary {
    fn meta(&self) -> Meta {
        Meta {
            id: "toolchain-image-ships-binary",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "a golang or rust image ships the whole toolchain to run one compiled program",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        let Some(facts) = super::_shared_sim::facts(cx.sim, t.index) else {
            return;
        };
        let Ok(r) = catalog::ImageRef::parse(&facts.reference) else {
            return;
        };
        let (lang, tools): (&str, &[&str]) = match r.familiar_name().as_str() {
            "golang" => ("Go", &["go"]),
            "rust" => ("Rust", &["cargo", "rustc"]),
            _ => return,
        };
        // The image runs a program, not the toolchain or a shell.
        let Some((_, cmd)) = super::_shared_sim::own_command(cx) else {
            return;
        };
        if let Some(p) = super::_shared_sim::program_of(cmd) {
            let base = p.rsplit('/').next().unwrap_or(&p);
            if tools.contains(&base)
                || matches!(
                    base,
                    "sh" | "bash"
                        | "ash"
                        | "zsh"
                        | "make"
                        | "air"
                        | "reflex"
                        | "cargo-watch"
                        | "dlv"
                )
            {
                return;
            }
        }
        // A shipped stage compiles it.
        let shipped = super::shipped_stages(cx.sim);
        let builds = cx.scripts().iter().any(|ss| {
            !ss.run.onbuild
                && ss.stage.is_some_and(|i| shipped.contains(&i))
                && ss.ast.simple_commands().iter().any(|c| {
                    let src = &ss.run.text;
                    let Some(name) = command_name(c, src) else {
                        return false;
                    };
                    let sub = c
                        .words
                        .iter()
                        .skip(1)
                        .find_map(|w| w.static_text(src).filter(|t| !t.starts_with('-')));
                    match name {
                        "go" => matches!(sub.as_deref(), Some("build" | "install")),
                        "cargo" => matches!(sub.as_deref(), Some("build" | "install")),
                        "rustc" => true,
                        _ => false,
                    }
                })
        });
        if !builds {
            return;
        }
        let root = shipped.last().map_or(t, |&i| &cx.sim.stages[i]);
        let Some(from) = super::_shared_sim::from_image(cx, root) else {
            return;
        };
        let size = facts.size.filter(|b| b.complete);
        let size_text = match (size, facts.compressed_size) {
            (Some(b), _) => format!(" ({} uncompressed)", human(b.value)),
            (None, Some(c)) => format!(" ({} to download)", human(c)),
            (None, None) => String::new(),
        };
        let f = out.emit(
            from.span,
            format!(
                "the image is {}{size_text}, the whole {lang} toolchain, to run one program built here",
                facts.reference
            ),
        );
        f.cost = size.map(Cost::bytes);
        f.help = format!(
            "Build in this stage (FROM {} AS build) and copy only the binary into a small final stage: distroless or scratch for a static binary, a slim Debian or distroless/cc one for a binary linked against glibc.",
            from.text
        );
    }
}
