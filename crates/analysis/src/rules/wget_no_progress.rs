//! ## What it does
//! Finds `wget` downloads without `--progress`, `-q` or `-nv`.
//!
//! ## Why it matters
//! Without a terminal wget prints its progress as dots, one line per 50 KB:
//! a large download adds thousands of lines to the build log, which buries
//! the output that matters (and some CI systems truncate logs).
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN wget https://example.com/big.tar.gz
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN wget --progress=dot:giga https://example.com/big.tar.gz
//! ```
//!
//! ## References
//! - hadolint DL3047: <https://github.com/hadolint/hadolint/wiki/DL3047>
//! - GNU wget manual, `--progress`: <https://www.gnu.org/software/wget/manual/wget.html#Download-Options>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &WgetNoProgress;

struct WgetNoProgress;

impl Rule for WgetNoProgress {
    fn meta(&self) -> Meta {
        Meta {
            id: "wget-no-progress",
            category: Category::Style,
            severity: Severity::Info,
            summary: "wget without --progress or -q (floods the build log)",
            hadolint: &["DL3047"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (st, ins) in s::runs(cx) {
            // BusyBox wget (Alpine) prints no progress without a terminal.
            let stage = st.and_then(|i| cx.sim.stages.get(i));
            if stage.is_some_and(|s| {
                s.distro.as_deref().is_some_and(|d| d.contains("alpine"))
                    || s.package_manager.as_deref() == Some("apk")
                    || s.from.starts_with("alpine")
            }) {
                continue;
            }
            for c in s::run_commands(ins).iter() {
                let Some((i, "wget")) = s::program(c) else {
                    continue;
                };
                let args = &c.words[i + 1..];
                let quiet = s::has_opt(
                    args,
                    Some('q'),
                    &[
                        "--quiet",
                        "--progress",
                        "--no-verbose",
                        "--output-file",
                        "--append-output",
                    ],
                ) || args.iter().any(|a| {
                    a == "-nv"
                        || a == "-o"
                        || a == "-a"
                        || a.starts_with("-o") && a.len() > 2 && !a.starts_with("-O")
                });
                if !quiet && args.iter().any(|a| !a.starts_with('-')) {
                    let f = out.emit(s::span_of(cx, ins, "wget"), "wget without --progress prints thousands of progress lines in the build log");
                    f.help = "Add --progress=dot:giga (or -q / -nv).".into();
                    break;
                }
            }
        }
    }
}
