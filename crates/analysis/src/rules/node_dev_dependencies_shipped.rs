//! ## What it does
//! Finds a final image whose `node_modules` holds the project's
//! devDependencies: `npm ci`, `npm install`, `yarn install` or `pnpm
//! install` run in the final stage without `--omit=dev` (`--production`,
//! `NODE_ENV=production`) and no `npm prune --omit=dev` after it in the
//! same `RUN` (a prune in a later `RUN` hides the files; the finding then
//! says their bytes stay in the install's layer), or a `COPY
//! --from=<stage>` of such a `node_modules` from a builder. With the
//! build context, Layerlab gives the dev dependencies' bytes (those the
//! dependencies do not pull in too) from its measured npm table. An image
//! whose command needs them (`npm run dev`, `nodemon`, `ts-node`, a
//! package.json script run by a dev dependency), a stage named for
//! development or tests, and a final stage that only builds (no command of
//! its own) are not reported.
//!
//! ## Why it matters
//! devDependencies are the build and test tools: TypeScript, bundlers,
//! linters, test runners, type packages. They are often most of
//! `node_modules` (tens to hundreds of MB) and the application does not load
//! them at run time. Install with `--omit=dev` in the final stage, or prune
//! after the build in the same `RUN` that installed them (a later `RUN`
//! leaves them in the earlier layer).
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-alpine AS build
//! WORKDIR /app
//! COPY package*.json ./
//! RUN npm ci
//! COPY . .
//! RUN npm run build
//!
//! FROM node:22-alpine
//! WORKDIR /app
//! COPY --from=build /app/node_modules ./node_modules
//! COPY --from=build /app/dist ./dist
//! CMD ["node", "dist/server.js"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-alpine AS build
//! WORKDIR /app
//! COPY package*.json ./
//! RUN npm ci
//! COPY . .
//! RUN npm run build
//!
//! FROM node:22-alpine
//! WORKDIR /app
//! COPY package*.json ./
//! RUN npm ci --omit=dev
//! COPY --from=build /app/dist ./dist
//! CMD ["node", "dist/server.js"]
//! ```
//!
//! ## References
//! - npm docs, `npm ci --omit`: <https://docs.npmjs.com/cli/commands/npm-ci#omit>
//! - npm docs, `npm prune`: <https://docs.npmjs.com/cli/commands/npm-prune>
//! - Node.js Docker best practices (NODE_ENV=production): <https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md>

use super::_shared_sim::instruction_at;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::walk::command_name;
use crate::sim::size::human;
use crate::sim::{vfs, Bytes, NodeInstall, NodeStep, Simulation};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &NodeDevDependenciesShipped;

struct NodeDevDependenciesShipped;

impl Rule for NodeDevDependenciesShipped {
    fn meta(&self) -> Meta {
        Meta {
            id: "node-dev-dependencies-shipped",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "node_modules with the devDependencies ships in the final image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        if t.name.as_deref().is_some_and(dev_stage_name) {
            return;
        }
        let shipped = super::shipped_stages(cx.sim);
        let installs: Vec<&NodeInstall> = shipped
            .iter()
            .flat_map(|i| cx.sim.stages[*i].node_installs.iter())
            .collect();
        let dev_names: Vec<&str> = installs
            .iter()
            .flat_map(|i| i.dev.iter().flatten())
            .map(String::as_str)
            .collect();
        // The image's command: none of its own means a build stage; one
        // that runs a dev tool needs the dev dependencies.
        let own = |c: &Option<crate::sim::Command>| {
            c.clone().filter(|c| c.line >= t.line && !c.args.is_empty())
        };
        let Some(cmd) = own(&t.entrypoint).or_else(|| own(&t.cmd)) else {
            return;
        };
        if needs_dev(cx.sim, &command_words(&cmd), &dev_names, 0) {
            return;
        }
        // Installs in the final image's own stages.
        for i in &installs {
            if !ships_dev(i) {
                continue;
            }
            // Pruned in the same RUN: never in a layer. Pruned by a later
            // RUN: hidden, but the bytes stay in this RUN's layer.
            let later_prune = match prune_line(&installs, &i.dir, i.line, Some(i)) {
                Some(l) if l == i.line => continue,
                later => later,
            };
            if t.fs
                .get(&i.dir)
                .is_none_or(|e| e.deleted || e.line != Some(i.line))
            {
                continue;
            }
            let Some(ins) = instruction_at(cx, i.line) else {
                continue;
            };
            let builds = builds_after(cx, &shipped, i.line);
            let message = match later_prune {
                Some(l) => format!(
                    "{} installs the devDependencies into {} ({}); the prune on line {l} hides them, but their bytes stay in this layer of the final image",
                    i.program,
                    i.dir,
                    what(i)
                ),
                None => format!(
                    "{} installs the devDependencies into {} ({}), and they ship in the final image",
                    i.program,
                    i.dir,
                    what(i)
                ),
            };
            let f = out.emit(super::_shared_instr::instruction_span(ins), message);
            f.cost = cost(i.dev_bytes);
            f.assumption = unread_manifest(t, i);
            f.help = if later_prune.is_some() {
                "Prune in the same RUN as the install (npm ci && npm run build && npm prune --omit=dev): a later RUN only hides the files, the layer keeps them.".into()
            } else if builds {
                "The build needs them: after it, remove them in the same RUN (npm ci && npm run build && npm prune --omit=dev), or build in a separate stage and install with --omit=dev in the final one.".into()
            } else {
                format!("Install without them: {}.", omit_flag(&i.program))
            };
        }
        // node_modules copied from a builder that installed them.
        for si in &shipped {
            for c in &cx.sim.stages[*si].copies {
                if shipped.contains(&c.from) || c.source.contains('*') {
                    continue;
                }
                let chain = super::_shared_sim::chain_of(cx.sim, c.from);
                let theirs: Vec<&NodeInstall> = chain
                    .iter()
                    .flat_map(|i| cx.sim.stages[*i].node_installs.iter())
                    .collect();
                let from_fs = &cx.sim.stages[c.from].fs;
                let Some(i) = theirs.iter().rev().find(|i| {
                    vfs::is_within(&i.dir, &c.source)
                        && from_fs
                            .get(&i.dir)
                            .is_some_and(|e| !e.deleted && e.line == Some(i.line))
                }) else {
                    continue;
                };
                if !ships_dev(i) || pruned_after(&theirs, &i.dir, i.line, Some(i)) {
                    continue;
                }
                let rel = i.dir[c.source.trim_end_matches('/').len()..].trim_start_matches('/');
                let landed = if rel.is_empty() {
                    c.dest.clone()
                } else {
                    vfs::normalize(rel, &c.dest)
                };
                if pruned_after(&installs, &landed, c.line, None)
                    || t.fs
                        .get(&landed)
                        .is_none_or(|e| e.deleted || e.line != Some(c.line))
                {
                    continue;
                }
                let Some(ins) = instruction_at(cx, c.line) else {
                    continue;
                };
                let from = cx.sim.stages[c.from].display_name();
                let f = out.emit(
                    super::_shared_instr::instruction_span(ins),
                    format!(
                        "copies {} from stage {from}, where {} on line {} installed the devDependencies too ({})",
                        i.dir,
                        i.program,
                        i.line,
                        what(i)
                    ),
                );
                f.cost = cost(i.dev_bytes);
                f.assumption = unread_manifest(&cx.sim.stages[c.from], i);
                f.help = format!(
                    "Install the production dependencies in the final stage ({}) instead of copying the builder's node_modules, or prune them in the builder after the build (npm prune --omit=dev).",
                    omit_flag(&i.program)
                );
            }
        }
    }
}

/// Without package.json's text the finding assumes it lists devDependencies;
/// the context file that decides it, where the image's copy came from.
fn unread_manifest(stage: &crate::sim::Stage, i: &NodeInstall) -> Option<crate::Assumption> {
    if i.dev.is_some() {
        return None;
    }
    let project = i.dir.strip_suffix("/node_modules").unwrap_or(&i.dir);
    let manifest = format!("{}/package.json", project.trim_end_matches('/'));
    Some(crate::Assumption {
        text: "package.json lists devDependencies".into(),
        decided_by: crate::sim::run::ctx::context_origin(stage, &manifest)
            .into_iter()
            .collect(),
    })
}

/// The install put the dev dependencies in (or may have: package.json unread).
fn ships_dev(i: &NodeInstall) -> bool {
    i.step == NodeStep::Install && !i.omit_dev && i.dev.as_ref().is_none_or(|d| !d.is_empty())
}

/// An `npm prune --omit=dev` (or an install without dev dependencies) of
/// `dir` after `line`, or later in the same RUN as the step `this` (steps
/// of one RUN are listed in the order they ran).
fn pruned_after(steps: &[&NodeInstall], dir: &str, line: u32, this: Option<&NodeInstall>) -> bool {
    prune_line(steps, dir, line, this).is_some()
}

/// The line of the first such prune (`line` itself: the same RUN).
fn prune_line(
    steps: &[&NodeInstall],
    dir: &str,
    line: u32,
    this: Option<&NodeInstall>,
) -> Option<u32> {
    let at = this.and_then(|t| steps.iter().position(|s| std::ptr::eq(*s, t)));
    steps
        .iter()
        .enumerate()
        .find(|(k, s)| {
            s.dir == dir
                && s.omit_dev
                && (s.line > line || (s.line == line && at.is_some_and(|p| *k > p)))
        })
        .map(|(_, s)| s.line)
}

/// The dev dependencies in words: how many, a few names, their bytes.
fn what(i: &NodeInstall) -> String {
    let size = if i.dev_bytes.high == 0 && !i.dev_bytes.complete {
        "size unknown".to_string()
    } else if i.dev_bytes.complete {
        format!("about {}", human(i.dev_bytes.value))
    } else {
        format!("at least {}", human(i.dev_bytes.value))
    };
    match &i.dev {
        Some(d) => {
            let names: Vec<&str> = d.iter().take(3).map(String::as_str).collect();
            let more = if d.len() > 3 { ", …" } else { "" };
            format!(
                "{} devDependencies: {}{more}; {size}",
                d.len(),
                names.join(", ")
            )
        }
        None => format!("package.json is not known; {size}"),
    }
}

fn cost(b: Bytes) -> Option<Cost> {
    (b.complete && b.value > 0).then(|| Cost::bytes(b))
}

fn omit_flag(program: &str) -> &'static str {
    match program {
        "yarn" => "yarn install --production",
        "pnpm" => "pnpm install --prod",
        _ => "npm ci --omit=dev",
    }
}

/// Stage names people give development and test images.
fn dev_stage_name(n: &str) -> bool {
    let n = n.to_ascii_lowercase();
    ["dev", "test", "debug", "ci", "lint", "storybook"]
        .iter()
        .any(|w| {
            n.split(['-', '_', '.'])
                .any(|p| p == *w || p == "development")
        })
}

/// The words of the image's command (exec form's argv, or the first simple
/// command of a shell form).
fn command_words(c: &crate::sim::Command) -> Vec<String> {
    if c.shell_form {
        let Some(script) = c.args.last() else {
            return Vec::new();
        };
        crate::sim::split_commands(script)
            .first()
            .map(|c| c.words.clone())
            .unwrap_or_default()
    } else {
        c.args.clone()
    }
}

/// Whether a command needs dev dependencies at run time: it runs a dev
/// tool, a dev dependency's command, or a package.json script that does.
fn needs_dev(sim: &Simulation, words: &[String], dev: &[&str], depth: u8) -> bool {
    let mut w: Vec<&str> = words.iter().map(String::as_str).collect();
    while let Some(first) = w.first() {
        if *first == "exec" || *first == "npx" || first.contains('=') || *first == "dumb-init" {
            w.remove(0);
        } else if *first == "tini" || *first == "/sbin/tini" {
            w.remove(0);
            if w.first() == Some(&"--") {
                w.remove(0);
            }
        } else {
            break;
        }
    }
    let Some(prog) = w.first().map(|p| p.rsplit('/').next().unwrap_or(p)) else {
        return false;
    };
    const DEV_TOOLS: &[&str] = &[
        "nodemon",
        "ts-node",
        "ts-node-dev",
        "tsx",
        "jest",
        "vitest",
        "mocha",
        "ng",
        "vite",
        "webpack-dev-server",
        "react-scripts",
        "nuxt",
        "next",
        "storybook",
        "playwright",
        "cypress",
        "nest",
        "tsc",
    ];
    if DEV_TOOLS.contains(&prog) || dev.contains(&prog) {
        // `next start` and `nuxt start` serve a build; the others are dev tools.
        return !(matches!(prog, "next" | "nuxt") && w.get(1) == Some(&"start"));
    }
    if !matches!(prog, "npm" | "yarn" | "pnpm") {
        return false;
    }
    let script = match (prog, w.get(1).copied()) {
        (_, Some("run" | "run-script")) => w.get(2).copied(),
        ("npm", Some(s @ ("start" | "test" | "t"))) => Some(s),
        ("yarn" | "pnpm", Some(s)) if !s.starts_with('-') => Some(s),
        _ => None,
    };
    let Some(script) = script else { return false };
    if ["dev", "test", "watch", "serve", "develop"]
        .iter()
        .any(|d| script == *d || script.starts_with(&format!("{d}:")))
    {
        return true;
    }
    // The script's own command, from package.json in the build context.
    let Some(body) = package_script(sim, script) else {
        return false;
    };
    depth < 2
        && crate::sim::split_commands(&body)
            .iter()
            .any(|c| needs_dev(sim, &c.words, dev, depth + 1))
}

/// A script of the build context's package.json.
fn package_script(sim: &Simulation, name: &str) -> Option<String> {
    let text = sim.context_texts.get("package.json")?;
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(v.get("scripts")?.get(name)?.as_str()?.to_string())
}

/// A shipped stage runs a package.json build (`npm run build`, `yarn
/// build`, …) after `line`.
fn builds_after(cx: &RuleCtx, shipped: &[usize], line: u32) -> bool {
    cx.scripts().iter().any(|ss| {
        ss.stage.is_some_and(|s| shipped.contains(&s))
            && ss.ins.start_line >= line
            && ss.ast.simple_commands().iter().any(|c| {
                let src = &ss.run.text;
                let words: Vec<String> = c
                    .words
                    .iter()
                    .skip(1)
                    .filter_map(|w| w.static_text(src))
                    .collect();
                matches!(command_name(c, src), Some("npm" | "yarn" | "pnpm"))
                    && words.iter().any(|w| w.contains("build"))
            })
    })
}
