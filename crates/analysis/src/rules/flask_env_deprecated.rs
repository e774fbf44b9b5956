//! ## What it does
//! Finds `ENV FLASK_ENV=…` in an image whose requirements (in the build
//! context) install Flask 2.3 or later, where the variable does nothing.
//!
//! ## Why it matters
//! `FLASK_ENV` was deprecated in Flask 2.2 and removed in 2.3: setting it to
//! `production` or `development` changes nothing, so whoever reads the
//! Dockerfile believes in a mode that is not there. Debug mode is
//! `FLASK_DEBUG`; and `flask run` is the development server whatever the
//! variable says — serve production traffic with a WSGI server (gunicorn,
//! waitress, uWSGI).
//!
//! ## Example
//! ```dockerfile
//! ENV FLASK_ENV=production
//! CMD ["flask", "run", "--host=0.0.0.0"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! CMD ["gunicorn", "--bind", "0.0.0.0:5000", "app:app"]
//! ```
//!
//! ## References
//! - Flask 2.3 changelog ("Remove previously deprecated code … FLASK_ENV"): <https://flask.palletsprojects.com/en/stable/changes/#version-2-3-0>
//! - Flask, "Deploying to Production": <https://flask.palletsprojects.com/en/stable/deploying/>

use super::_shared_instr::instruction_span;
use super::_shared_sim::picks_at_least;
use super::{Edit, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &FlaskEnvDeprecated;

struct FlaskEnvDeprecated;

impl Rule for FlaskEnvDeprecated {
    fn meta(&self) -> Meta {
        Meta {
            id: "flask-env-deprecated",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "FLASK_ENV does nothing since Flask 2.3",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if picks_at_least(cx.sim, "flask", "2.3") != Some(true) {
            return;
        }
        for ins in cx.df.instructions().filter(|i| i.kind == Keyword::Env) {
            let Args::KeyValues { pairs } = &ins.args else {
                continue;
            };
            let Some(p) = pairs.iter().find(|p| p.key.text == "FLASK_ENV") else {
                continue;
            };
            let span = instruction_span(ins);
            let f = out.emit(span, format!("FLASK_ENV={} does nothing: Flask 2.3 removed it (the requirements install Flask 2.3 or later)", p.value.text));
            let runs_dev_server = cx
                .sim
                .target_stage()
                .and_then(super::_shared_sim::effective_command)
                .is_some_and(|c| {
                    let a = c.args.join(" ");
                    a.contains("flask run")
                        || (a.starts_with("flask") && c.args.get(1).is_some_and(|x| x == "run"))
                });
            f.help = if runs_dev_server {
                "Remove it (use FLASK_DEBUG for debug mode). `flask run` is Flask's development server: serve production with gunicorn or waitress.".into()
            } else {
                "Remove it; use FLASK_DEBUG for debug mode.".into()
            };
            if pairs.len() == 1 && ins.start_line == ins.end_line {
                // Delete the whole line.
                let text = cx.df.source.as_str();
                let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
                let end = text[span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| span.end + i + 1);
                f.fix = Some(Fix {
                    title: "Remove FLASK_ENV".into(),
                    edits: vec![Edit {
                        start,
                        end,
                        replacement: String::new(),
                    }],
                });
            }
        }
    }
}
