//! ## What it does
//! Finds `yarn install` (or `yarn add`) not followed by `yarn cache clean`
//! in the same `RUN`, in stages that end up in the final image.
//!
//! ## Why it matters
//! Yarn keeps a copy of every package it downloads in its global cache
//! (`/usr/local/share/.cache/yarn` for root): often as large as
//! `node_modules` itself, and never used again in a container. Cleaning in a
//! later `RUN` does not help, the files stay in the earlier layer. A cache
//! mount (`RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`) is
//! fine too. Builder stages whose files are copied selectively are not
//! reported.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-slim
//! COPY package.json yarn.lock ./
//! RUN yarn install --frozen-lockfile
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! COPY package.json yarn.lock ./
//! RUN yarn install --frozen-lockfile && yarn cache clean
//! ```
//!
//! ## References
//! - hadolint DL3060: <https://github.com/hadolint/hadolint/wiki/DL3060>
//! - Yarn CLI, `yarn cache clean`: <https://classic.yarnpkg.com/en/docs/cli/cache>

use super::_shared_instr as s;
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &YarnCacheNotCleaned;

struct YarnCacheNotCleaned;

impl Rule for YarnCacheNotCleaned {
    fn meta(&self) -> Meta {
        Meta {
            id: "yarn-cache-not-cleaned",
            category: Category::Size,
            severity: Severity::Info,
            summary: "yarn's package cache is left in a layer of the final image",
            hadolint: &["DL3060"],
            buildkit: None,
            // One RUN's text, and whether its stage is shipped.
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in s::shipped_runs_without_cache_mount(cx) {
            let cmds = s::run_commands(ins);
            let installs = cmds.iter().any(|c| {
                matches!(s::program(c), Some((i, "yarn")) if c.words.get(i + 1).is_none_or(|w| w == "install" || w == "add" || (w.starts_with('-') && c.words[i + 1..].iter().all(|x| x.starts_with('-') && !matches!(x.as_str(), "-v" | "--version" | "-h" | "--help")))))
            });
            let cleaned = !s::sub_invocations(ins, &["yarn"], &["cache"]).is_empty()
                || s::run_scripts(ins)
                    .iter()
                    .any(|sc| sc.contains(".cache/yarn") || sc.contains("YARN_CACHE_FOLDER"));
            if installs && !cleaned {
                let f = out.emit(s::span_of(cx, ins, "yarn"), "yarn's download cache stays in this layer: no `yarn cache clean` in the same RUN");
                f.help = "End the RUN with `&& yarn cache clean` (or use a cache mount).".into();
            }
        }
    }
}
