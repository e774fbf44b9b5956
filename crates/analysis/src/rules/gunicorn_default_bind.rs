//! ## What it does
//! Finds a container started with `gunicorn` without `--bind` (`-b`), a
//! `GUNICORN_CMD_ARGS` bind, a configuration file or `PORT`, so that
//! gunicorn listens on its default address, 127.0.0.1:8000. The version is
//! taken from the requirements in the build context when it is given.
//!
//! ## Why it matters
//! 127.0.0.1 inside a container is the container's own loopback: a published
//! port (`docker run -p 8000:8000`) reaches nothing, and the service is
//! unreachable from outside although it runs. gunicorn 20 and later bind
//! to 0.0.0.0:$PORT only when the `PORT` variable is set; gunicorn 19 never
//! does.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["gunicorn", "-w", "4", "main:app"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["gunicorn", "--bind", "0.0.0.0:8000", "-w", "4", "main:app"]
//! ```
//!
//! ## References
//! - gunicorn settings, `bind`: <https://docs.gunicorn.org/en/stable/settings.html#bind>

use super::_shared_instr::instruction_span;
use super::_shared_sim::{instruction_at, own_command, picks_at_least};
use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Severity};

pub(crate) const RULE: &dyn Rule = &GunicornDefaultBind;

struct GunicornDefaultBind;

impl Rule for GunicornDefaultBind {
    fn meta(&self) -> Meta {
        Meta {
            id: "gunicorn-default-bind",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "gunicorn listens on 127.0.0.1 and is unreachable from outside the container",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some((t, _)) = own_command(cx) else {
            return;
        };
        // The words the container runs: ENTRYPOINT + CMD, or the shell script's words.
        let mut words: Vec<String> = Vec::new();
        for c in [t.entrypoint.as_ref(), t.cmd.as_ref()]
            .into_iter()
            .flatten()
        {
            if c.shell_form {
                words.extend(
                    c.args
                        .last()
                        .map(|s| s.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                        .unwrap_or_default(),
                );
            } else {
                words.extend(
                    c.args
                        .iter()
                        .flat_map(|a| a.split_whitespace().map(str::to_string).collect::<Vec<_>>()),
                );
            }
        }
        let Some(g) = words
            .iter()
            .position(|w| crate::sim::vfs::basename(w) == "gunicorn")
        else {
            return;
        };
        let rest = &words[g + 1..];
        let binds = rest.iter().any(|w| {
            w == "-b"
                || w.starts_with("--bind")
                || (w.starts_with("-b") && w.len() > 2)
                || w == "-c"
                || w.starts_with("--config")
        });
        if binds || words.iter().any(|w| w.contains('$')) {
            return;
        }
        if t.env_get("GUNICORN_CMD_ARGS").is_some() {
            return;
        }
        // A gunicorn.conf.py in the working directory is read by default.
        let conf = crate::sim::vfs::normalize("gunicorn.conf.py", &t.workdir);
        if !t.fs.presence(&conf).is_absent() {
            return;
        }
        let v20 = picks_at_least(cx.sim, "gunicorn", "20");
        if t.env_get("PORT").is_some() && v20 != Some(false) {
            return;
        }
        let Some(line) = [t.entrypoint.as_ref(), t.cmd.as_ref()]
            .into_iter()
            .flatten()
            .find(|c| {
                let txt = c.args.join(" ");
                txt.contains("gunicorn")
            })
            .map(|c| c.line)
        else {
            return;
        };
        let Some(ins) = instruction_at(cx, line) else {
            return;
        };
        let version = match v20 {
            Some(false) => "gunicorn < 20 (from the requirements) binds",
            Some(true) => "gunicorn (20 or later, from the requirements) binds",
            None => "gunicorn binds",
        };
        let f = out.emit(instruction_span(ins), format!("{version} 127.0.0.1:8000 by default: without --bind 0.0.0.0 the container is unreachable from outside"));
        f.cost = Some(Cost::Unreachable);
        f.help =
            "Add --bind 0.0.0.0:8000 (or set GUNICORN_CMD_ARGS=\"--bind=0.0.0.0:8000\").".into();
        if let Args::Exec { items, .. } = &ins.args {
            if let Some(tok) = items
                .iter()
                .find(|t| crate::sim::vfs::basename(&t.text) == "gunicorn")
            {
                let raw = cx.text(tok.span);
                if raw.starts_with('"') || !raw.is_empty() {
                    f.fix = Some(Fix::insert(
                        "Bind to 0.0.0.0:8000",
                        tok.span.end,
                        ", \"--bind\", \"0.0.0.0:8000\"",
                    ));
                }
            }
        }
    }
}
