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

use super::_shared_sim::{
    maybe_built, own_command, path_dirs, program_of, unseen_beyond_base, which, why_text,
};
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::run::pip::known_console_script;
use crate::sim::vfs::{self, Presence};
use crate::sim::Stage;
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &CmdNotFound;

struct CmdNotFound;

const SHELL_BUILTINS: &[&str] = &[
    "exec", "cd", "set", "export", "echo", "true", "false", ":", ".", "source", "test", "[",
    "eval", "trap", "wait",
];

impl Rule for CmdNotFound {
    fn meta(&self) -> Meta {
        Meta {
            id: "cmd-not-found",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "the program CMD or ENTRYPOINT runs does not exist in the final image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some((t, cmd)) = own_command(cx) else {
            return;
        };
        let Some(ins) = super::_shared_sim::instruction_at(cx, cmd.line) else {
            return;
        };
        let Some(prog) = program_of(cmd) else { return };
        if SHELL_BUILTINS.contains(&prog.as_str()) {
            return;
        }
        let span = super::_shared_instr::instruction_span(ins);
        if prog.contains('/') {
            let p = vfs::normalize(&prog, &t.workdir);
            if !t.fs.presence(&p).is_absent() {
                return self.check_script(cx, t, cmd, span, out);
            }
            let elsewhere = other_stage_with(cx, t.index, |s| {
                s.fs.get(&p).is_some_and(|e| e.line.is_some())
            });
            // A file at the root of an image with an entrypoint script of its
            // own (nginx's /docker-entrypoint.sh) may be one the catalogue
            // does not list: claim it only with evidence.
            let base_scripts = match super::_shared_sim::facts(cx.sim, t.index) {
                Some(f) => !f.defaults_known || !f.entrypoint.is_empty(),
                None => !matches!(t.base, crate::sim::Base::Scratch),
            };
            if vfs::parent(&p) == Some("/") && elsewhere.is_none() && base_scripts {
                return;
            }
            let msg = match &elsewhere {
                Some(s) => {
                    format!("{p} does not exist in the final image; it exists only in stage {s}")
                }
                None => format!(
                    "{p} does not exist in the final image: nothing copies or creates it there"
                ),
            };
            let f = out.emit(span, msg);
            f.cost = Some(Cost::StartFails);
            f.help = "Copy the file into the final stage, or fix the path (relative paths start from WORKDIR).".into();
            return;
        }
        // `python app.py`: the interpreter comes with the base image; the
        // script must be there.
        if is_interpreter(&prog) {
            self.check_script(cx, t, cmd, span, out);
        }
        if which(t, &prog).is_some() || is_interpreter(&prog) {
            return;
        }
        // Paths the simulation cannot list may be on PATH (a package, a build
        // output, an unknown base): it may be there.
        if path_dirs(t).iter().any(|d| unseen_beyond_base(&t.fs, d)) {
            return;
        }
        // The base image's own programs are not all listed: claim only a
        // program no base image has (a pip launcher) or one the build made
        // in another stage.
        let built = other_stage_with(cx, t.index, |s| {
            path_dirs(s).iter().any(|d| {
                s.fs.get(&format!("{d}/{prog}"))
                    .is_some_and(|e| e.line.is_some() && !e.deleted)
            })
        });
        let launcher = known_console_script(&prog);
        let maybe_in = if built.is_none() && launcher.is_some() {
            other_stage_maybe(cx, t.index, &prog)
        } else {
            None
        };
        let msg = match (&built, &maybe_in, launcher) {
            (Some(s), _, _) => {
                let where_ = cx.sim.stage_by_ref(s).and_then(|st| which(st, &prog)).unwrap_or_default();
                format!("{prog} is not on PATH in the final image; it exists only in stage {s} ({where_})")
            }
            (None, Some((s, why)), Some(dist)) => format!(
                "{prog} is not on PATH in the final image: nothing there installs {dist}; stage {s} may have it ({why}), but it is not copied"
            ),
            (None, None, Some(dist)) => format!("{prog} is not on PATH in the final image: nothing there installs {dist}"),
            _ => return,
        };
        let f = out.emit(span, msg);
        f.cost = Some(Cost::StartFails);
        f.help = format!(
            "Copy what installs {prog} into the final stage (for pip: the site-packages and the scripts, or a whole venv with its bin on PATH), or install it there."
        );
    }
}

impl CmdNotFound {
    /// `python app.py`, `sh run.sh`: the script must exist.
    fn check_script(
        &self,
        cx: &RuleCtx,
        t: &Stage,
        cmd: &crate::sim::Command,
        span: layerlab_syntax::Span,
        out: &mut Sink,
    ) {
        // The words run: exec form's argv, or the shell form's first command.
        let words: Vec<String> = if cmd.shell_form {
            let Some(first) = cmd
                .args
                .last()
                .and_then(|s| crate::sim::split_commands(s).into_iter().next())
            else {
                return;
            };
            first
                .words
                .into_iter()
                .skip_while(|w| w == "exec")
                .collect()
        } else {
            cmd.args.clone()
        };
        let Some(prog) = words.first() else { return };
        if !is_interpreter(prog) {
            return;
        }
        let Some(script) = words.get(1).filter(|a| {
            !a.starts_with('-') && !a.contains('$') && !a.contains('`') && a.contains('.')
        }) else {
            return;
        };
        let p = vfs::normalize(script, &t.workdir);
        // node resolves `./server` to server.js, .mjs, .cjs or server/index.js.
        let candidates: Vec<String> = if vfs::basename(prog) == "node" {
            ["", ".js", ".mjs", ".cjs", "/index.js"]
                .iter()
                .map(|e| format!("{p}{e}"))
                .collect()
        } else {
            vec![p.clone()]
        };
        if candidates
            .iter()
            .any(|c| !matches!(t.fs.presence(c), Presence::Absent))
        {
            return;
        }
        let elsewhere = other_stage_with(cx, t.index, |s| {
            s.fs.get(&p).is_some_and(|e| e.line.is_some())
        });
        let mut msg = format!("{script} does not exist in the final image (looked for {p})");
        if let Some(s) = elsewhere {
            msg.push_str(&format!("; it exists only in stage {s}"));
        }
        let f = out.emit(span, msg);
        f.cost = Some(Cost::StartFails);
        f.help = "Copy the script into the final stage, or fix the path (relative paths start from WORKDIR).".into();
    }
}

/// Whether `prog` runs a script named by its first argument.
fn is_interpreter(prog: &str) -> bool {
    let p = vfs::basename(prog);
    (p.starts_with("python") && p[6..].chars().all(|c| c.is_ascii_digit() || c == '.'))
        || matches!(p, "sh" | "bash" | "node" | "ash" | "dash")
}

/// The name of another needed stage where `has` holds.
fn other_stage_with(cx: &RuleCtx, target: usize, has: impl Fn(&Stage) -> bool) -> Option<String> {
    cx.sim
        .stages
        .iter()
        .filter(|s| s.index != target && s.needed)
        .find(|s| has(s))
        .map(|s| s.display_name())
}

/// Another needed stage where `prog` may be on PATH because of what its
/// build installed (not the base image), with the reason.
fn other_stage_maybe(cx: &RuleCtx, target: usize, prog: &str) -> Option<(String, String)> {
    cx.sim
        .stages
        .iter()
        .filter(|s| s.index != target && s.needed)
        .find_map(|s| {
            path_dirs(s).iter().find_map(|d| {
                let p = format!("{d}/{prog}");
                maybe_built(&s.fs, &p).map(|w| (s.display_name(), why_text(&w)))
            })
        })
}
