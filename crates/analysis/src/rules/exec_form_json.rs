//! ## What it does
//! Finds `CMD` and `ENTRYPOINT` in shell form (`CMD python app.py`).
//!
//! ## Why it matters
//! In shell form the container's main process is `/bin/sh -c`, not your
//! program: `docker stop` sends SIGTERM to the shell, which does not pass it
//! on, so the program is killed after the 10-second timeout instead of
//! shutting down cleanly. A shell-form `ENTRYPOINT` also ignores `CMD` and
//! `docker run` arguments. When the command has no shell syntax the fix
//! rewrites it as a JSON array.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD python app.py
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["python", "app.py"]
//! ```
//!
//! ## References
//! - hadolint DL3025: <https://github.com/hadolint/hadolint/wiki/DL3025>
//! - BuildKit build checks, JSONArgsRecommended: <https://docs.docker.com/reference/build-checks/json-args-recommended/>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &ExecFormJson;

struct ExecFormJson;

impl Rule for ExecFormJson {
    fn meta(&self) -> Meta {
        Meta {
            id: "exec-form-json",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "CMD/ENTRYPOINT in shell form (signals do not reach the program)",
            hadolint: &["DL3025"],
            buildkit: Some("JSONArgsRecommended"),
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let mut shell_changed = false;
        for ins in cx.checked() {
            match ins.kind {
                Keyword::From => shell_changed = false,
                // BuildKit does not report it once SHELL is set explicitly.
                Keyword::Shell => shell_changed = true,
                Keyword::Cmd | Keyword::Entrypoint if !shell_changed => {
                    let Args::Shell { text } = &ins.args else {
                        continue;
                    };
                    if !ins.heredocs.is_empty() || text.text.trim().is_empty() {
                        continue;
                    }
                    let f = out.emit(text.span, format!("{} in shell form runs under /bin/sh -c, which does not forward signals", ins.keyword.text));
                    f.help = "Use the JSON (exec) form: [\"program\", \"arg\", …].".into();
                    let plain = text
                        .text
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || " _./:=@,+-%".contains(c));
                    if plain && cx.text(text.span) == text.text {
                        let words: Vec<String> = text
                            .text
                            .split_whitespace()
                            .map(|w| format!("\"{w}\""))
                            .collect();
                        f.fix = Some(Fix::replace(
                            "Use the exec form",
                            text.span,
                            format!("[{}]", words.join(", ")),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}
