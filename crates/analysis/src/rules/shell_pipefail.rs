//! ## What it does
//! Finds `RUN` commands with a pipe (`curl … | tar -x`) run by a shell
//! without `pipefail`: the default `/bin/sh -c`, or a `SHELL` without
//! `-o pipefail`, and no `set -o pipefail` in the script.
//!
//! ## Why it matters
//! A pipeline's status is its last command's: when `curl` fails (404,
//! network), `tar` or `sh` just sees empty input and the step "succeeds".
//! The image is built without the software, and the failure shows up at run
//! time. With `pipefail` the build stops at the failing download. On Debian
//! and Ubuntu bases use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`: the
//! dash of Debian 12 and Ubuntu 24.04 stops at `set -o pipefail` with
//! "Illegal option" (Debian's dash has it from 0.5.12-7, in Debian 13). On
//! Alpine (BusyBox `ash` has it, bash is not installed), on Debian 13 and
//! under bash, start the script with `set -o pipefail &&`. The help says
//! which, from the shell that runs the RUN. A pipe fed by a download
//! (`curl`, `wget`) is a
//! warning; other pipes (`echo "$sum  file" | sha256sum -c -`, where the
//! left side cannot fail in a way that matters) are reported as info.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! SHELL ["/bin/bash", "-o", "pipefail", "-c"]
//! RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local
//! ```
//!
//! ## References
//! - hadolint DL4006: <https://github.com/hadolint/hadolint/wiki/DL4006>
//! - Dockerfile best practices, using pipes: <https://docs.docker.com/build/building/best-practices/#using-pipes>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::dialect::{Dialect, Shell};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &ShellPipefail;

struct ShellPipefail;

impl Rule for ShellPipefail {
    fn meta(&self) -> Meta {
        Meta {
            id: "shell-pipefail",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "RUN with a pipe and no pipefail (a failing download goes unnoticed)",
            hadolint: &["DL4006"],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        // Whether the current stage's SHELL is a POSIX shell without pipefail.
        let mut posix_without_pipefail = true;
        for (st, ins) in cx.checked_instructions().iter().copied() {
            match ins.kind {
                Keyword::From => {
                    // A stage built on an earlier one inherits its SHELL.
                    posix_without_pipefail =
                        match st.and_then(|i| cx.sim.stages.get(i)).map(|s| &s.base) {
                            Some(crate::sim::Base::Stage { index }) => {
                                let sh = &cx.sim.stages[*index].shell;
                                sh.iter().all(|w| !w.contains("pipefail"))
                                    && sh.first().is_some_and(|p| is_posix(p))
                            }
                            _ => true,
                        };
                }
                Keyword::Shell => {
                    if let Args::Exec { items, .. } = &ins.args {
                        posix_without_pipefail = items.first().is_some_and(|p| is_posix(&p.text))
                            && !items.iter().any(|w| w.text.contains("pipefail"));
                    }
                }
                Keyword::Run if posix_without_pipefail => {
                    if matches!(ins.args, Args::Exec { .. }) {
                        continue;
                    }
                    let scripts = s::run_scripts(ins);
                    if scripts.iter().any(|sc| sc.contains("pipefail"))
                        || !scripts.iter().any(|sc| s::has_pipe(sc))
                    {
                        continue;
                    }
                    let lefts: Vec<String> =
                        scripts.iter().flat_map(|sc| s::pipe_lefts(sc)).collect();
                    let download = lefts.iter().find_map(|l| {
                        l.split_whitespace()
                            .map(|w| w.rsplit('/').next().unwrap_or(w))
                            .find(|w| matches!(*w, "curl" | "wget" | "fetch" | "git"))
                            .map(str::to_string)
                    });
                    let msg = match &download {
                        Some(tool) => format!("`{tool} … |` without pipefail: if {tool} fails, the RUN still succeeds with empty input"),
                        None => "a pipe without pipefail: if an earlier command of the pipeline fails, the RUN still succeeds".to_string(),
                    };
                    let shell = cx
                        .scripts()
                        .iter()
                        .find(|ss| std::ptr::eq(ss.ins, ins))
                        .map(|ss| &ss.shell);
                    let f = out.emit(s::span_of(cx, ins, "|"), msg);
                    f.help = help(shell);
                    // Only a failing download silently changes the image;
                    // `echo … | sha256sum -c`-style pipes are advice.
                    if download.is_none() {
                        f.severity = Severity::Info;
                    }
                }
                _ => {}
            }
        }
    }
}

/// How to turn pipefail on in the shell that runs the RUN: `set -o
/// pipefail` where the shell has it, else bash through SHELL.
fn help(shell: Option<&Shell>) -> String {
    const BASH: &str = "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]";
    let Some(sh) = shell else {
        return format!("Add {BASH} before this RUN, or start the script with `set -o pipefail &&` if its shell has it.");
    };
    let who = sh.describe();
    match (sh.dialect, sh.dash_pipefail) {
        (Dialect::Dash, Some(false)) => format!(
            "Add {BASH} before this RUN (bash is in every Debian and Ubuntu image). Not `set -o pipefail`: {who}, too old for it (Debian's dash has it from 0.5.12-7, in Debian 13), and the RUN would stop with \"Illegal option\"."
        ),
        (Dialect::Dash, Some(true)) => format!(
            "Start the script with `set -o pipefail &&` ({who}, recent enough to have it), or add {BASH} before this RUN."
        ),
        (Dialect::Dash, None) => format!(
            "Add {BASH} before this RUN (bash is in every Debian and Ubuntu image). `set -o pipefail` works only in dash 0.5.12-7 or later (Debian 13; {who})."
        ),
        (Dialect::Ash, _) => format!(
            "Start the script with `set -o pipefail &&` ({who}, which has it; bash is not installed on Alpine)."
        ),
        (Dialect::Bash, _) => format!(
            "Start the script with `set -o pipefail &&` ({who}), or add `-o pipefail` to the SHELL: {BASH}."
        ),
        _ => format!(
            "Add {BASH} before this RUN if the image has bash, or start the script with `set -o pipefail &&` (bash, BusyBox ash and Debian 13's dash have it; older dash stops with \"Illegal option\")."
        ),
    }
}

fn is_posix(p: &str) -> bool {
    matches!(
        p.rsplit('/').next().unwrap_or(p),
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh"
    )
}
