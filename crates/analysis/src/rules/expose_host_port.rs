//! ## What it does
//! Finds `EXPOSE` with a host port or IP address (`EXPOSE 8080:80`,
//! `EXPOSE 127.0.0.1:80:80`).
//!
//! ## Why it matters
//! `EXPOSE` only documents the container's ports; the host side is chosen
//! by `docker run -p`. A host mapping in the Dockerfile is ignored (only the
//! container port is kept), BuildKit warns (`ExposeInvalidFormat`) and says
//! it will become an error.
//!
//! ## Example
//! ```dockerfile
//! FROM nginx:1.27
//! EXPOSE 8080:80
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM nginx:1.27
//! EXPOSE 80
//! ```
//!
//! ## References
//! - BuildKit build checks, ExposeInvalidFormat: <https://docs.docker.com/reference/build-checks/expose-invalid-format/>
//! - Dockerfile reference, EXPOSE: <https://docs.docker.com/reference/dockerfile/#expose>

use super::{Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &ExposeHostPort;

struct ExposeHostPort;

impl Rule for ExposeHostPort {
    fn meta(&self) -> Meta {
        Meta {
            id: "expose-host-port",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "EXPOSE with a host port or IP address",
            hadolint: &[],
            buildkit: Some("ExposeInvalidFormat"),
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.df.instructions().filter(|i| i.kind == Keyword::Expose) {
            let Args::Words { items } = &ins.args else {
                continue;
            };
            for t in items
                .iter()
                .filter(|t| t.text.contains(':') && !t.text.contains('$'))
            {
                let (ports, proto) = match t.text.split_once('/') {
                    Some((a, b)) => (a, format!("/{b}")),
                    None => (t.text.as_str(), String::new()),
                };
                let container = ports.rsplit(':').next().unwrap_or(ports);
                let f = out.emit(
                    t.span,
                    format!(
                        "`{}` maps a host port or address; EXPOSE only takes the container port",
                        t.text
                    ),
                );
                f.help = "Choose host ports with `docker run -p`.".into();
                if !container.is_empty() && cx.text(t.span) == t.text {
                    let rep = format!("{container}{proto}");
                    f.fix = Some(Fix::replace(format!("Write {rep}"), t.span, rep));
                }
            }
        }
    }
}
