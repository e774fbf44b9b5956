//! Judging goals against an [`Analysis`]: met, unmet or unknown, with the
//! value each was judged on.

use super::grammar::{Goal, GoalKind, Op};
use crate::sim::Base;
use crate::Analysis;
use layerlab_syntax::{Keyword, Severity};
use serde::{Deserialize, Serialize};

/// Whether a goal holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Status {
    Met,
    Unmet,
    Unknown,
}

/// The value a goal was judged on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "actual", rename_all = "kebab-case")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Actual {
    /// The final image's size estimate (`complete: false`: a lower bound).
    Size {
        value: u64,
        low: u64,
        high: u64,
        complete: bool,
    },
    /// How many findings count for the goal, and the first one's line.
    Findings {
        count: usize,
        first_line: Option<u32>,
    },
    Stages {
        count: usize,
    },
    Layers {
        count: usize,
    },
    User {
        user: String,
    },
    Base {
        image: String,
    },
    /// Nothing to judge on (see the reason).
    None,
}

/// Why a goal cannot be decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Unknown {
    /// The file has no stage, so no image.
    NoImage,
    /// Part of the size is unknown and the lower bound does not decide.
    SizeIncomplete,
    /// Ignore comments or the configuration hid this many findings.
    Suppressed { count: usize },
    /// The base image's default user is not in the tables and no USER sets it.
    UserUnknown { image: String },
    /// The final stage's FROM could not be resolved.
    BaseUnresolved,
}

/// A goal's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Evaluation {
    pub status: Status,
    #[serde(flatten)]
    pub actual: Actual,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<Unknown>,
    /// The result in English: `estimated 182 MB (170–190 MB)`.
    pub summary: String,
}

impl Actual {
    /// The value in English.
    pub fn describe(&self) -> String {
        match self {
            Actual::Size {
                value,
                low,
                high,
                complete,
            } => {
                if !complete {
                    format!("estimated at least {}", crate::sim::size::human(*value))
                } else if low == high {
                    format!("estimated {}", crate::sim::size::human(*value))
                } else {
                    format!(
                        "estimated {} ({}–{})",
                        crate::sim::size::human(*value),
                        crate::sim::size::human(*low),
                        crate::sim::size::human(*high)
                    )
                }
            }
            Actual::Findings { count: 0, .. } => "none found".into(),
            Actual::Findings {
                count,
                first_line: Some(l),
            } => format!("{count} found, first on line {l}"),
            Actual::Findings { count, .. } => format!("{count} found"),
            Actual::Stages { count: 1 } => "1 stage built".into(),
            Actual::Stages { count } => format!("{count} stages built"),
            Actual::Layers { count: 1 } => "1 layer added".into(),
            Actual::Layers { count } => format!("{count} layers added"),
            Actual::User { user } => format!("runs as {user}"),
            Actual::Base { image } => format!("built on {image}"),
            Actual::None => String::new(),
        }
    }
}

impl Unknown {
    /// The reason in English.
    pub fn describe(&self) -> String {
        match self {
            Unknown::NoImage => "the file has no stage, so there is no image".into(),
            Unknown::SizeIncomplete => {
                "part of the size is unknown (an image or a file Layerlab has no size for)".into()
            }
            Unknown::Suppressed { count } => {
                format!("{count} findings are hidden by ignore comments or the configuration")
            }
            Unknown::UserUnknown { image } => {
                format!("the default user of {image} is not known, and no USER sets one")
            }
            Unknown::BaseUnresolved => "the final stage's FROM cannot be resolved".into(),
        }
    }
}

fn finish(status: Status, actual: Actual, unknown: Option<Unknown>) -> Evaluation {
    let summary = match &unknown {
        Some(u) => {
            let a = actual.describe();
            if a.is_empty() {
                format!("unknown: {}", u.describe())
            } else {
                format!("{a}; unknown: {}", u.describe())
            }
        }
        None => actual.describe(),
    };
    Evaluation {
        status,
        actual,
        unknown,
        summary,
    }
}

/// The stages the final image is built from: the target and its `FROM <stage>` chain.
fn chain(a: &Analysis) -> Vec<usize> {
    crate::rules::shipped_stages(&a.simulation)
}

/// Normalises an image reference for comparison: no `docker.io/`,
/// `library/` or `index.docker.io/`; lower-case; `:latest` when untagged.
pub fn normalize_image(s: &str) -> String {
    let mut r = s.trim().to_lowercase();
    for p in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
        if let Some(x) = r.strip_prefix(p) {
            r = x.to_string();
        }
    }
    if let Some(x) = r.strip_prefix("library/") {
        r = x.to_string();
    }
    if r == "scratch" {
        return r;
    }
    let last = r.rsplit('/').next().unwrap_or("");
    if !last.contains(':') && !r.contains('@') {
        r.push_str(":latest");
    }
    r
}

/// A goal names users: an empty name (`USER $UNSET`) is no user it can
/// name, so it is not counted as root here.
fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    !name.is_empty() && crate::sim::is_root_user(name)
}

fn same_user(actual: &str, wanted: &str) -> bool {
    if is_root(wanted) {
        return is_root(actual);
    }
    actual == wanted || actual.split(':').next() == Some(wanted)
}

/// Evaluates one goal against an analysis.
pub fn evaluate(goal: &GoalKind, a: &Analysis) -> Evaluation {
    use Status::*;
    let sim = &a.simulation;
    let findings_goal = |keep: &dyn Fn(&crate::Finding) -> bool, want_none: bool| {
        let hits: Vec<&crate::Finding> = a.report.findings.iter().filter(|f| keep(f)).collect();
        let actual = Actual::Findings {
            count: hits.len(),
            first_line: hits.iter().map(|f| f.line).min(),
        };
        let met = hits.is_empty() == want_none;
        // Hidden findings could be the ones the goal is about: with none
        // visible, neither "none" nor "some" can be decided.
        if a.report.suppressed > 0 && hits.is_empty() {
            let count = a.report.suppressed;
            return finish(Unknown, actual, Some(self::Unknown::Suppressed { count }));
        }
        finish(if met { Met } else { Unmet }, actual, None)
    };
    match goal {
        GoalKind::NoErrors => findings_goal(&|f| f.severity == Severity::Error, true),
        GoalKind::NoWarnings => findings_goal(&|f| f.severity >= Severity::Warning, true),
        GoalKind::NoFindings => findings_goal(&|_| true, true),
        GoalKind::NoFinding { rule } => findings_goal(&|f| f.rule == *rule, true),
        GoalKind::Finding { rule } => findings_goal(&|f| f.rule == *rule, false),
        GoalKind::Size { op, bytes } => {
            let Some(img) = &a.report.image else {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            };
            let actual = Actual::Size {
                value: img.size_bytes,
                low: img.size_low_bytes,
                high: img.size_high_bytes,
                complete: img.size_complete,
            };
            let holds = op.holds(img.size_bytes, *bytes);
            if img.size_complete {
                return finish(if holds { Met } else { Unmet }, actual, None);
            }
            // A lower bound: it decides `<`/`<=` only when already too big,
            // `>`/`>=` only when already big enough.
            let decided = match op {
                Op::Lt | Op::Le => (!holds).then_some(Unmet),
                _ => holds.then_some(Met),
            };
            match decided {
                Some(s) => finish(s, actual, None),
                None => finish(Unknown, actual, Some(self::Unknown::SizeIncomplete)),
            }
        }
        GoalKind::Stages { op, count } => {
            if sim.target.is_none() {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            }
            let n = sim.stages.iter().filter(|s| s.needed).count();
            let met = op.holds(n as u64, *count);
            finish(
                if met { Met } else { Unmet },
                Actual::Stages { count: n },
                None,
            )
        }
        GoalKind::Layers { op, count } => {
            if sim.target.is_none() {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            }
            let n: usize = chain(a)
                .iter()
                .filter_map(|&i| sim.stages.get(i))
                .map(|s| s.layers.len())
                .sum();
            let met = op.holds(n as u64, *count);
            finish(
                if met { Met } else { Unmet },
                Actual::Layers { count: n },
                None,
            )
        }
        GoalKind::User { equal, user } => {
            let Some(stage) = sim.target_stage() else {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            };
            let stages = chain(a);
            // Was a USER instruction run in the final stage or its FROM chain?
            let set_by_user = a.dockerfile.instructions().any(|ins| {
                ins.kind == Keyword::User
                    && stages.iter().any(|&i| {
                        let s = &sim.stages[i];
                        let next = sim.stages.get(i + 1).map(|n| n.line).unwrap_or(u32::MAX);
                        ins.start_line > s.line && ins.start_line < next
                    })
            });
            if !set_by_user {
                // The root of the chain decides the default user.
                if let Some(&root) = stages.last() {
                    if let Base::Image { reference, facts } = &sim.stages[root].base {
                        if !facts.as_ref().is_some_and(|f| f.defaults_known) {
                            let image = reference.clone();
                            let why = self::Unknown::UserUnknown { image };
                            return finish(Unknown, Actual::None, Some(why));
                        }
                    }
                }
            }
            let met = same_user(&stage.user, user) == *equal;
            finish(
                if met { Met } else { Unmet },
                Actual::User {
                    user: stage.user.clone(),
                },
                None,
            )
        }
        GoalKind::Base { equal, image } => {
            if sim.target.is_none() {
                return finish(Unknown, Actual::None, Some(self::Unknown::NoImage));
            }
            let stages = chain(a);
            let base = stages
                .last()
                .and_then(|&i| sim.stages.get(i))
                .and_then(|s| match &s.base {
                    Base::Image { reference, .. } => Some(reference.clone()),
                    Base::Scratch => Some("scratch".to_string()),
                    _ => None,
                });
            let Some(base) = base else {
                return finish(Unknown, Actual::None, Some(self::Unknown::BaseUnresolved));
            };
            let met = (normalize_image(&base) == normalize_image(image)) == *equal;
            finish(
                if met { Met } else { Unmet },
                Actual::Base { image: base },
                None,
            )
        }
    }
}

/// Evaluates every goal, in order.
pub fn evaluate_all(goals: &[Goal], a: &Analysis) -> Vec<Evaluation> {
    goals.iter().map(|g| evaluate(&g.kind, a)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goals::parse_text;
    use crate::{analyze, Options};

    fn one(text: &str) -> GoalKind {
        let g = parse_text(text);
        assert!(g.errors.is_empty(), "{text}: {:?}", g.errors);
        g.goals[0].kind.clone()
    }

    fn eval(text: &str, goal: &str) -> Evaluation {
        let a = analyze(text, &Options::default());
        evaluate(&one(goal), &a)
    }

    #[test]
    fn finding_goals() {
        let bad = "FROM python:3.12-slim-buster\nRUN pip install flask==3.0.3\n";
        let e = eval(bad, "no errors");
        assert_eq!(e.status, Status::Unmet);
        assert!(
            matches!(
                e.actual,
                Actual::Findings {
                    count: 1..,
                    first_line: Some(1)
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            eval(bad, "no finding pip-no-cache-dir").status,
            Status::Unmet
        );
        assert_eq!(eval(bad, "finding pip-no-cache-dir").status, Status::Met);
        let good = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n";
        assert_eq!(eval(good, "no errors").status, Status::Met);
        assert_eq!(
            eval(good, "no finding pip-no-cache-dir").status,
            Status::Met
        );
        assert_eq!(eval(good, "finding pip-no-cache-dir").status, Status::Unmet);
        // Hiding a finding does not meet a goal about it.
        let hidden =
            "FROM python:3.12-slim\n# hadolint ignore=DL3042\nRUN pip install flask==3.0.3\n";
        let e = eval(hidden, "no finding pip-no-cache-dir");
        assert_eq!(e.status, Status::Unknown, "{e:?}");
        assert!(matches!(e.unknown, Some(Unknown::Suppressed { .. })));
    }

    #[test]
    fn size_goals_compare_the_estimate_and_respect_unknown_parts() {
        let text = "FROM python:3.12-slim\n";
        let a = analyze(text, &Options::default());
        let img = a.report.image.as_ref().unwrap();
        assert!(img.size_complete);
        let v = img.size_bytes;
        let lim = |op: &str, n: u64| evaluate(&one(&format!("size {op} {n}B")), &a).status;
        assert_eq!(lim("<", v + 1), Status::Met);
        assert_eq!(lim("<", v), Status::Unmet);
        assert_eq!(lim("<=", v), Status::Met);
        assert_eq!(lim(">", v), Status::Unmet);
        assert_eq!(lim(">=", v), Status::Met);
        let e = evaluate(&one("size < 1KB"), &a);
        assert!(e.summary.starts_with("estimated "), "{}", e.summary);

        // An image not in the tables: the size is a lower bound.
        let unknown = "FROM example.com/mystery:1\nRUN true\n";
        let a = analyze(unknown, &Options::default());
        assert!(!a.report.image.as_ref().unwrap().size_complete);
        let e = evaluate(&one("size < 150MB"), &a);
        assert_eq!(e.status, Status::Unknown, "{e:?}");
        assert_eq!(e.unknown, Some(Unknown::SizeIncomplete));
        assert_eq!(evaluate(&one("size >= 0B"), &a).status, Status::Met);
        // A known part already too big decides `<`.
        let big = "FROM python:3.12\nCOPY --from=example.com/mystery:1 /x /x\n";
        let a = analyze(big, &Options::default());
        if !a.report.image.as_ref().unwrap().size_complete {
            assert_eq!(evaluate(&one("size < 10MB"), &a).status, Status::Unmet);
        }
        // No stage: unknown.
        let a = analyze("# nothing\n", &Options::default());
        assert_eq!(
            evaluate(&one("size < 10MB"), &a).unknown,
            Some(Unknown::NoImage)
        );
    }

    #[test]
    fn stage_layer_user_and_base_goals() {
        let two = "FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir flask==3.0.3\nFROM python:3.12-slim AS unused\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\nUSER 1000:1000\n";
        assert_eq!(eval(two, "stages >= 2").status, Status::Met);
        assert_eq!(eval(two, "stages = 3").status, Status::Unmet);
        assert_eq!(eval(two, "layers <= 1").status, Status::Met);
        assert_eq!(eval(two, "layers < 1").status, Status::Unmet);
        assert_eq!(eval(two, "user != root").status, Status::Met);
        assert_eq!(eval(two, "user = 1000").status, Status::Met);
        assert_eq!(
            eval(two, "base = docker.io/library/python:3.12-slim").status,
            Status::Met
        );
        assert_eq!(eval(two, "base != python:3.12-slim").status, Status::Unmet);
        let root = "FROM python:3.12-slim\nUSER app\nUSER 0\n";
        let e = eval(root, "user != root");
        assert_eq!(e.status, Status::Unmet);
        assert_eq!(e.summary, "runs as 0");
        // The base's default user counts.
        assert_eq!(
            eval("FROM python:3.12-slim\n", "user = root").status,
            Status::Met
        );
        // An unknown image's default user is unknown, unless USER sets it.
        let e = eval("FROM example.com/mystery:1\n", "user != root");
        assert_eq!(e.status, Status::Unknown);
        assert!(matches!(e.unknown, Some(Unknown::UserUnknown { .. })));
        assert_eq!(
            eval("FROM example.com/mystery:1\nUSER app\n", "user != root").status,
            Status::Met
        );
        assert_eq!(
            eval("FROM alpine\n", "base = alpine:latest").status,
            Status::Met
        );
    }

    #[test]
    fn normalised_images() {
        assert_eq!(normalize_image("docker.io/library/Python"), "python:latest");
        assert_eq!(normalize_image("python:3.12"), "python:3.12");
        assert_eq!(
            normalize_image("localhost:5000/app"),
            "localhost:5000/app:latest"
        );
        assert_eq!(normalize_image("scratch"), "scratch");
    }
}
