//! ## What it does
//! Checks the program the final image starts (ENTRYPOINT, else CMD: the exec
//! form's first element, or the shell form's first word) against the
//! simulated filesystem of the target stage: a bare name must be on `PATH`,
//! a path must exist. When the program exists only in another stage (a
//! builder), it says which. It also checks the script given to `python`,
//! `sh`, `bash` or `node` when the build context is known.
//!
//! Layerlab stays silent when it cannot know: an image the catalogue does not
//! describe, files from an unknown build context, archives with unknown
//! contents.
//!
//! ## Why it matters
//! The build succeeds and the container dies at start with "executable file
//! not found in $PATH". In multi-stage builds this happens when a tool was
//! installed in the builder (`pip install flask` puts `flask` in the
//! builder's `/usr/local/bin`) and only the application folder was copied.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! RUN pip install --no-cache-dir flask
//! FROM python:3.12-slim
//! COPY --from=builder /app /app
//! CMD ["flask", "run"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir flask
//! FROM python:3.12-slim
//! COPY --from=builder /venv /venv
//! ENV PATH=/venv/bin:$PATH
//! CMD ["flask", "run"]
//! ```
//!
//! ## References
//! - Dockerfile reference, CMD and ENTRYPOINT: <https://docs.docker.com/reference/dockerfile/#cmd>

use super::_shared_sim::{base_known, effective_command, path_dirs, program_of, under_opaque, which};
use super::{Context, Cost, Meta, Rule, Sink};
use crate::sim::vfs;
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CmdNotFound;

struct CmdNotFound;

const SHELL_BUILTINS: &[&str] = &["exec", "cd", "set", "export", "echo", "true", "false", ":", ".", "source", "test", "[", "eval", "trap", "wait"];

impl Rule for CmdNotFound {
    fn meta(&self) -> Meta {
        Meta {
            id: "cmd-not-found",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "the program CMD or ENTRYPOINT runs does not exist in the final image",
            hadolint: &[],
            buildkit: None,
        }
    }

    fn check(&self, cx: &Context, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else { return };
        if !base_known(cx.sim, t.index) || !super::_shared_sim::fully_modelled(cx.sim, t.index) {
            return;
        }
        let Some(cmd) = effective_command(t) else { return };
        if cmd.line < t.line {
            return; // inherited from the base image: its own business
        }
        let Some(ins) = super::_shared_sim::instruction_at(cx, cmd.line) else { return };
        let Some(prog) = program_of(cmd) else { return };
        if SHELL_BUILTINS.contains(&prog.as_str()) {
            return;
        }
        let span = super::_shared_sim::instruction_span(ins);
        if prog.contains('/') {
            let p = vfs::normalize(&prog, &t.workdir);
            if t.fs.get(&p).is_some() || under_opaque(&t.fs, &p) || !cx.sim.context_known {
                return;
            }
            let elsewhere = other_stage_with(cx, t.index, |s| s.fs.get(&p).is_some_and(|e| e.line.is_some() && !e.deleted));
            let msg = match &elsewhere {
                Some(s) => format!("{p} does not exist in the final image; it exists only in stage {s}"),
                None => format!("{p} does not exist in the final image"),
            };
            let f = out.emit(span, msg);
            f.cost = Some(Cost::StartFails);
            f.help = "Copy the file into the final stage, or fix the path (relative paths start from WORKDIR).".into();
            return;
        }
        if which(t, &prog).is_none() {
            // Unknown contents on PATH: it may be there.
            if path_dirs(t).iter().any(|d| super::_shared_sim::has_opaque_within(&t.fs, d)) {
                return;
            }
            // Only claim what the simulation built: a program created by a
            // RUN or COPY in another stage (a base image's own programs are
            // not all listed in the catalogue).
            let elsewhere = other_stage_with(cx, t.index, |s| {
                path_dirs(s).iter().any(|d| s.fs.get(&format!("{d}/{prog}")).is_some_and(|e| e.line.is_some() && !e.deleted))
            });
            let Some(s) = elsewhere else { return };
            let where_ = cx.sim.stage_by_ref(&s).and_then(|st| which(st, &prog)).unwrap_or_default();
            let msg = format!("{prog} is not on PATH in the final image; it exists only in stage {s} ({where_})");
            let f = out.emit(span, msg);
            f.cost = Some(Cost::StartFails);
            f.help = format!(
                "Copy what installs {prog} into the final stage (for pip: the site-packages and the scripts, or a whole venv with its bin on PATH), or install it there."
            );
            return;
        }
        // `python app.py`, `sh run.sh`: the script must exist.
        let interp = vfs::basename(&prog);
        let is_interp = interp.starts_with("python") || matches!(interp, "sh" | "bash" | "node" | "ash");
        if is_interp && !cmd.shell_form && cx.sim.context_known {
            if let Some(script) = cmd.args.get(1).filter(|a| !a.starts_with('-') && !a.contains('$') && a.contains('.')) {
                let p = vfs::normalize(script, &t.workdir);
                if t.fs.get(&p).is_none() && !under_opaque(&t.fs, &p) && !super::_shared_sim::has_opaque_within(&t.fs, &t.workdir) {
                    let f = out.emit(span, format!("{script} does not exist in the final image (looked for {p})"));
                    f.cost = Some(Cost::StartFails);
                    f.help = "Copy the script into the final stage, or fix the path (relative paths start from WORKDIR).".into();
                }
            }
        }
    }
}

/// The name of another needed stage where `has` holds.
fn other_stage_with(cx: &Context, target: usize, has: impl Fn(&crate::sim::Stage) -> bool) -> Option<String> {
    cx.sim.stages.iter().filter(|s| s.index != target && s.needed).find(|s| has(s)).map(|s| s.display_name())
}

