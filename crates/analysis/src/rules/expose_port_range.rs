//! ## What it does
//! Finds `EXPOSE` ports outside 0–65535 and ports or protocols that are not
//! valid (`EXPOSE 80/http`).
//!
//! ## Why it matters
//! BuildKit parses every exposed port: a port above 65535, a malformed range
//! or an unknown protocol stops the build ("invalid containerPort" / "invalid
//! proto").
//!
//! ## Example
//! ```dockerfile
//! FROM nginx:1.27
//! EXPOSE 80800
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM nginx:1.27
//! EXPOSE 8080
//! ```
//!
//! ## References
//! - hadolint DL3011: <https://github.com/hadolint/hadolint/wiki/DL3011>
//! - Dockerfile reference, EXPOSE: <https://docs.docker.com/reference/dockerfile/#expose>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &ExposePortRange;

struct ExposePortRange;

fn port_ok(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 5
        && p.chars().all(|c| c.is_ascii_digit())
        && p.parse::<u32>().is_ok_and(|n| n <= 65535)
}

/// Why a port spec is invalid, if it is (`80`, `80/tcp`, `8000-8010/udp`,
/// `127.0.0.1:80:80` is left to expose-host-port).
fn problem(spec: &str) -> Option<String> {
    let (ports, proto) = match spec.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (spec, None),
    };
    if let Some(p) = proto {
        if !matches!(p.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp") {
            return Some(format!("`{p}` is not a protocol (tcp, udp or sctp)"));
        }
    }
    // host:container mappings are reported by expose-host-port; judge the container part.
    let ports = ports.rsplit(':').next().unwrap_or(ports);
    let (a, b) = ports.split_once('-').unwrap_or((ports, ports));
    if !port_ok(a) || !port_ok(b) {
        return Some(format!(
            "`{ports}` is not a port or range of ports in 0–65535"
        ));
    }
    if a.parse::<u32>().unwrap_or(0) > b.parse::<u32>().unwrap_or(0) {
        return Some(format!("the range `{ports}` ends before it starts"));
    }
    None
}

impl Rule for ExposePortRange {
    fn meta(&self) -> Meta {
        Meta {
            id: "expose-port-range",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "EXPOSE with a port outside 0–65535 or an unknown protocol",
            hadolint: &["DL3011"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.df.instructions().filter(|i| i.kind == Keyword::Expose) {
            let Args::Words { items } = &ins.args else {
                continue;
            };
            for t in items.iter().filter(|t| !t.text.contains('$')) {
                if let Some(why) = problem(&t.text) {
                    let f = out.emit(t.span, format!("invalid EXPOSE port: {why}"));
                    f.help =
                        "Ports are numbers from 0 to 65535, optionally `/tcp`, `/udp` or `/sctp`."
                            .into();
                    f.cost = Some(Cost::BuildFails);
                }
            }
        }
    }
}
