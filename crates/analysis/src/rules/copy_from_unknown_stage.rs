//! ## What it does
//! Finds `COPY --from=<name>` where `<name>` is not an earlier stage and
//! looks like a stage name rather than an image (no tag, registry or
//! digest).
//!
//! An error when the stage is part of the default target's build; a
//! warning for a stage only another `--target` builds.
//!
//! ## Why it matters
//! BuildKit treats a `--from` that names no earlier stage as an image and
//! pulls `<name>:latest` from Docker Hub: a typo in a stage name becomes a
//! pull of an unrelated (or missing) image, and a stage defined later in the
//! file is not what gets copied. Name the stage exactly, or write the image
//! with a tag.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.23 AS builder
//! RUN go build -o /out/app .
//! FROM gcr.io/distroless/static
//! COPY --from=build /out/app /app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.23 AS builder
//! RUN go build -o /out/app .
//! FROM gcr.io/distroless/static
//! COPY --from=builder /out/app /app
//! ```
//!
//! ## References
//! - hadolint DL3022: <https://github.com/hadolint/hadolint/wiki/DL3022>
//! - Multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>

use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyFromUnknownStage;

struct CopyFromUnknownStage;

impl Rule for CopyFromUnknownStage {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-from-unknown-stage",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "COPY --from names no earlier stage (BuildKit pulls an image of that name)",
            hadolint: &["DL3022"],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (st, ins) in cx.instructions() {
            if ins.kind != Keyword::Copy {
                continue;
            }
            let (Some(st), Some(v)) = (st, ins.flag("from").and_then(|f| f.value.as_ref())) else {
                continue;
            };
            let name = v.text.as_str();
            if name.chars().all(|c| c.is_ascii_digit()) && !name.is_empty() {
                // A stage index: it must be an earlier stage.
                if name.parse::<usize>().map_or(true, |i| i >= st) {
                    let f = out.emit(v.span, format!("`--from={name}`: there is no earlier stage with index {name} (stages before this one: {st})"));
                    f.cost = Some(Cost::BuildFails);
                    f.help = "Stage indexes count FROM lines from 0; use the index or name of an earlier stage.".into();
                }
                continue;
            }
            if name.is_empty() || name.contains([':', '/', '@', '$', '.']) {
                continue;
            }
            // An official image copied from by name (`--from=nginx`) is a real image.
            if layerlab_catalog::published_tags(&name.to_lowercase()).is_some() {
                continue;
            }
            let lower = name.to_lowercase();
            let earlier = cx.sim.stages[..st.min(cx.sim.stages.len())]
                .iter()
                .any(|s| s.name.as_deref().is_some_and(|n| n.to_lowercase() == lower));
            let own = cx
                .sim
                .stages
                .get(st)
                .and_then(|s| s.name.as_deref())
                .is_some_and(|n| n.to_lowercase() == lower);
            if earlier || own {
                continue;
            }
            let later = cx.sim.stages[st.min(cx.sim.stages.len())..]
                .iter()
                .find(|s| s.name.as_deref().is_some_and(|n| n.to_lowercase() == lower));
            let msg = match later {
                Some(l) => format!("`--from={name}` refers to a stage defined later (line {}): define stages before the ones that copy from them", l.line),
                None => format!("no earlier stage is named `{name}`: BuildKit will pull the image `{name}:latest`"),
            };
            let nearest = cx.sim.stages[..st.min(cx.sim.stages.len())]
                .iter()
                .filter_map(|s| s.name.as_deref())
                .map(|n| (layerlab_syntax::edit_distance(&lower, &n.to_lowercase()), n))
                .filter(|(d, _)| *d <= 2)
                .min();
            // Only a build of this stage fails: the default target's build
            // breaks only when it needs the stage.
            let needed = cx.sim.stages.get(st).is_none_or(|s| s.needed);
            let msg = if needed {
                msg
            } else {
                format!("{msg} (this stage is not part of the default target: only `--target` builds that need it fail)")
            };
            let f = out.emit(v.span, msg);
            f.cost = Some(Cost::BuildFails);
            if !needed {
                f.severity = Severity::Warning;
            }
            match (later, nearest) {
                (None, Some((_, n))) => {
                    f.help = format!("Did you mean the stage `{n}`?");
                    f.fix = Some(Fix::replace(
                        format!("Copy from stage {n}"),
                        v.span,
                        n.to_string(),
                    ));
                }
                _ => {
                    f.help =
                        "Use the name of an earlier stage, or an image reference with a tag.".into()
                }
            }
        }
    }
}
