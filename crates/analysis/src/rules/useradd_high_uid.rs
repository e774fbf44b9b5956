//! ## What it does
//! Finds `useradd` with a large UID (more than 5 digits) and without
//! `-l`/`--no-log-init`.
//!
//! ## Why it matters
//! `useradd` records the user in `/var/log/lastlog` and `/var/log/faillog`,
//! files indexed by UID: with a UID like 100000000 they become sparse files
//! of many gigabytes, which image layers store in full, so the build fills the
//! disk or produces a huge image. `-l` skips these logs.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN useradd -u 123456789 app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN useradd -l -u 123456789 app
//! ```
//!
//! ## References
//! - hadolint DL3046: <https://github.com/hadolint/hadolint/wiki/DL3046>
//! - Dockerfile best practices, USER: <https://docs.docker.com/build/building/best-practices/#user>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &UseraddHighUid;

struct UseraddHighUid;

impl Rule for UseraddHighUid {
    fn meta(&self) -> Meta {
        Meta {
            id: "useradd-high-uid",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "useradd with a large UID and without -l (huge lastlog file)",
            hadolint: &["DL3046"],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for (_, ins) in s::runs(cx) {
            for cmd in s::run_commands(ins).iter() {
                let Some((i, "useradd")) = s::program(cmd) else {
                    continue;
                };
                let args = &cmd.words[i + 1..];
                if s::has_opt(args, Some('l'), &["--no-log-init"]) {
                    continue;
                }
                let uid = args.iter().enumerate().find_map(|(j, a)| {
                    if a == "-u" || a == "--uid" {
                        args.get(j + 1).cloned()
                    } else {
                        a.strip_prefix("--uid=").map(str::to_string).or_else(|| {
                            a.strip_prefix("-u")
                                .filter(|v| !v.is_empty())
                                .map(str::to_string)
                        })
                    }
                });
                let Some(uid) = uid else { continue };
                if uid.len() > 5 && uid.chars().all(|c| c.is_ascii_digit()) {
                    let f = out.emit(s::span_of(cx, ins, "useradd"), format!("useradd -u {uid} without -l writes sparse lastlog/faillog files sized by the UID"));
                    f.help = "Add -l (--no-log-init).".into();
                    if let Some(at) = s::offset_after(cx, ins, "useradd") {
                        f.fix = Some(super::Fix {
                            title: "Add -l".into(),
                            edits: vec![super::Edit {
                                start: at,
                                end: at,
                                replacement: " -l".into(),
                            }],
                        });
                    }
                }
            }
        }
    }
}
