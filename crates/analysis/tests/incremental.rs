//! The incremental path gives the full analysis' answer: random edit
//! sequences on corpus and seed files, and after each edit the report (and
//! the simulation) of [`Analyzer`] serialised to JSON must equal those of a
//! fresh [`analyze_with`], byte for byte.
//!
//! The edits: characters typed or deleted anywhere (and at the end, as a
//! user types), lines inserted, deleted or duplicated, whole instructions
//! inserted, a FROM's image or stage changed, an ARG added or changed, a
//! stage renamed, a stage appended on the last one (the target moves while
//! the earlier stages stay shipped); sometimes the options change between
//! two edits. Rule findings of the reused stages are reused too (the
//! instruction- and stage-local rules, `rules::Locality`): the test fails
//! when no finding was. A hand-rolled
//! seeded generator (xorshift) so that a failure prints the file, the seed
//! and the edit that broke it, and reruns the same.
//!
//! A second test edits the last stage of a small file so that a fact of the
//! whole file that local rules read (`Rule::file_fact`: a word mentioned
//! anywhere, every ENV name) changes while the first stage is reused, and
//! then the first stage's being shipped.
//!
//! `LAYERLAB_INCR_EDITS=<n>` sets the edits per file (default 60);
//! `LAYERLAB_INCR_DUMP=<dir>` writes the texts before and after a failing
//! edit there (`before.Dockerfile`, `after.Dockerfile`).

mod common;

use layerlab_analysis::{analyze_with, Analysis, Analyzer, Config, Options};
use std::path::PathBuf;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const INSTRUCTIONS: &[&str] = &[
    "RUN apt-get update && apt-get install -y curl",
    "RUN pip install flask",
    "RUN rm -rf /var/lib/apt/lists/*",
    "COPY . /app",
    "COPY --from=builder /app/dist /srv",
    "COPY --from=0 /usr/local /usr/local",
    "RUN --mount=from=build,source=/out,target=/mnt cp /mnt/x /x",
    "ARG VERSION=1.2",
    "ARG BASE",
    "ENV PATH=/opt/bin:$PATH",
    "WORKDIR /app",
    "USER nobody",
    "USER root",
    "CMD [\"python\", \"app.py\"]",
    "FROM alpine:3.19",
    "FROM builder AS final",
    "FROM ${BASE:-debian:12} AS build",
    "FROM scratch",
    "RUN <<EOF\necho hi\nEOF",
    "RUN echo a \\\n  && echo b",
    "# hadolint ignore=DL3008",
    "EXPOSE 8080",
];

const IMAGES: &[&str] = &[
    "python:3.12-slim",
    "node:20",
    "alpine",
    "builder",
    "0",
    "$BASE",
    "golang:1.22 AS builder",
    "ubuntu:22.04 AS build",
];

const TYPED: &[&str] = &[
    "x", " ", "\n", "\\", "$", "=", "\"", "é", "AS b", "RUN", "\n\n",
];

/// Byte offsets of the starts of `text`'s lines.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len())
        .collect()
}

fn char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The `n`th line's range (without its newline), if the text has lines.
fn line_range(text: &str, rng: &mut Rng) -> Option<(usize, usize)> {
    let starts = line_starts(text);
    let s = *starts.get(rng.below(starts.len()))?;
    let e = text[s..].find('\n').map_or(text.len(), |i| s + i);
    Some((s, e))
}

/// Lines starting with `prefix` (case-insensitive): their ranges.
fn lines_with(text: &str, prefix: &str) -> Vec<(usize, usize)> {
    line_starts(text)
        .into_iter()
        .map(|s| (s, text[s..].find('\n').map_or(text.len(), |i| s + i)))
        .filter(|(s, e)| text[*s..*e].to_ascii_uppercase().starts_with(prefix))
        .collect()
}

/// One random edit; returns its description.
fn edit(text: &mut String, rng: &mut Rng) -> String {
    match rng.below(11) {
        0 => {
            let at = char_boundary(text, rng.below(text.len() + 1));
            let s = rng.pick(TYPED);
            text.insert_str(at, s);
            format!("insert {s:?} at {at}")
        }
        1 => {
            let s = rng.pick(TYPED);
            text.push_str(s);
            format!("type {s:?} at the end")
        }
        2 => {
            let a = char_boundary(text, rng.below(text.len() + 1));
            let b = char_boundary(text, a + rng.below(12));
            text.replace_range(a..b, "");
            format!("delete {a}..{b}")
        }
        3 => match line_range(text, rng) {
            Some((s, e)) => {
                let e = (e + 1).min(text.len());
                text.replace_range(s..e, "");
                format!("delete line at {s}")
            }
            None => "nothing".into(),
        },
        4 => match line_range(text, rng) {
            Some((s, e)) => {
                let line = format!("{}\n", &text[s..e]);
                text.insert_str(s, &line);
                format!("duplicate line at {s}")
            }
            None => "nothing".into(),
        },
        5 | 6 => {
            let starts = line_starts(text);
            let at = starts.get(rng.below(starts.len() + 1)).copied();
            let at = at.unwrap_or(text.len());
            let ins = rng.pick(INSTRUCTIONS);
            let sep = if at == text.len() && !text.ends_with('\n') && !text.is_empty() {
                "\n"
            } else {
                ""
            };
            text.insert_str(at, &format!("{sep}{ins}\n"));
            format!("insert instruction {ins:?} at {at}")
        }
        7 => {
            let froms = lines_with(text, "FROM ");
            if froms.is_empty() {
                return "no FROM".into();
            }
            let (s, e) = froms[rng.below(froms.len())];
            let img = rng.pick(IMAGES);
            text.replace_range(s..e, &format!("FROM {img}"));
            format!("FROM at {s} becomes {img:?}")
        }
        8 => {
            let args = lines_with(text, "ARG ");
            let value = rng.pick(&["BASE=alpine", "VERSION", "VERSION=2", "PY=3.11"]);
            if args.is_empty() || rng.below(2) == 0 {
                text.insert_str(0, &format!("ARG {value}\n"));
                format!("ARG {value} at the top")
            } else {
                let (s, e) = args[rng.below(args.len())];
                text.replace_range(s..e, &format!("ARG {value}"));
                format!("ARG at {s} becomes {value}")
            }
        }
        10 => {
            // A new last stage on the last one (named `last` first when it
            // has no name): the target moves, the stages before stay shipped
            // (what the image ships, its last USER, … change without the
            // earlier stages changing).
            let froms = lines_with(text, "FROM ");
            let Some(&(s, e)) = froms.last() else {
                return "no FROM".into();
            };
            let words: Vec<String> = text[s..e].split_whitespace().map(String::from).collect();
            let name = if words.len() == 4 && words[2].eq_ignore_ascii_case("as") {
                words[3].clone()
            } else {
                let base = words.get(1).cloned().unwrap_or_else(|| "alpine".into());
                text.replace_range(s..e, &format!("FROM {base} AS last"));
                "last".into()
            };
            let then = rng.pick(&["USER root", "USER app", "CMD [\"sh\"]", "RUN ls", "ENV A=1"]);
            let k = rng.below(100);
            if !text.ends_with('\n') && !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!("FROM {name} AS s{k}\n{then}\n"));
            format!("stage s{k} on {name} appended, with {then:?}")
        }
        _ => {
            let froms = lines_with(text, "FROM ");
            if froms.is_empty() {
                return "no FROM".into();
            }
            let (s, e) = froms[rng.below(froms.len())];
            let line = text[s..e].to_string();
            let base = line
                .split_whitespace()
                .nth(1)
                .unwrap_or("alpine")
                .to_string();
            let name = rng.pick(&["builder", "build", "final", "base", "0"]);
            text.replace_range(s..e, &format!("FROM {base} AS {name}"));
            format!("stage at {s} named {name}")
        }
    }
}

/// The report, and the simulation and parse (which the report's equality
/// would not catch when an unused part of them differs).
fn json(a: &Analysis) -> (String, String) {
    (
        serde_json::to_string(&a.report).unwrap(),
        serde_json::to_string(&(&a.simulation, &a.dockerfile)).unwrap(),
    )
}

fn options_variant(k: usize) -> Options {
    let mut o = common::options(None);
    match k {
        0 => {}
        1 => {
            let dir = common::shared_dir().join("seeds/context/000");
            o.context = Some(common::context_from_dir(&dir));
            o.sim.build_args = vec![("BASE".into(), "python:3.11".into())];
        }
        _ => o.sim.target = Some("builder".into()),
    }
    o
}

fn files() -> Vec<PathBuf> {
    let shared = common::shared_dir();
    let mut real: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/real-world"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    real.sort();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    seeds.sort();
    // Every eighth real-world file (multi-stage files among them) and every seed.
    real.into_iter().step_by(8).chain(seeds).collect()
}

#[test]
fn incremental_analysis_equals_a_full_one_after_every_edit() {
    let edits: usize = std::env::var("LAYERLAB_INCR_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let config = Config::default();
    let mut reused_stages = 0usize;
    let mut moved_stages = 0usize;
    let mut reused_findings = 0usize;
    for (i, path) in files().iter().enumerate() {
        let mut text = common::read(path);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1) * 0x1000_0001);
        let mut analyzer = Analyzer::default();
        let mut k = i % 3;
        analyzer.analyze(&text, &options_variant(k), &config);
        for step in 0..edits {
            let before = text.clone();
            let what = edit(&mut text, &mut rng);
            if rng.below(12) == 0 {
                k = (k + 1) % 3;
            }
            let opts = options_variant(k);
            let inc = json(analyzer.analyze(&text, &opts, &config));
            let full = json(&analyze_with(&text, &opts, &config));
            reused_stages += analyzer.reused_stages().kept;
            moved_stages += analyzer.reused_stages().moved;
            reused_findings += analyzer.reused_findings();
            if inc != full {
                if let Ok(dir) = std::env::var("LAYERLAB_INCR_DUMP") {
                    let _ = std::fs::write(format!("{dir}/before.Dockerfile"), &before);
                    let _ = std::fs::write(format!("{dir}/after.Dockerfile"), &text);
                }
                panic!(
                    "{} (file {i}), edit {step} ({what}), options {k}: the incremental \
                     analysis differs from a full one\n--- text ---\n{text}\n--- report ---\n\
                     incremental: {}\nfull:        {}\n--- simulation and parse equal: {} ---",
                    path.display(),
                    inc.0,
                    full.0,
                    inc.1 == full.1
                );
            }
        }
    }
    // The test must exercise reuse, not only fall back to full analyses.
    assert!(reused_stages > 0, "no stage was reused");
    assert!(moved_stages > 0, "no stage was moved");
    assert!(reused_findings > 0, "no rule finding was reused");
    eprintln!(
        "stages reused over all edits: {reused_stages} kept, {moved_stages} moved; rule findings: {reused_findings}"
    );
}

/// The findings of `rule` in `a`, by line.
fn lines_of(a: &Analysis, rule: &str) -> Vec<u32> {
    a.report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.line)
        .collect()
}

#[test]
fn a_file_wide_fact_changed_in_a_later_stage_is_seen_in_the_reused_ones() {
    let first = "FROM alpine AS a\nRUN apt-get install curl\nRUN yum install git\n\
                 RUN v=1 && echo done\nRUN yarn install\nCOPY app.tar.gz /srv/\n\
                 RUN tar xzf /srv/app.tar.gz\n";
    // (the last stage, each rule and whether it has a finding in the first
    // stage): a word mentioned, an ENV name, the first stage not shipped.
    let steps: &[(&str, &[(&str, bool)])] = &[
        (
            "FROM a AS b\nRUN ls",
            &[
                ("apt-get-missing-y", true),
                ("rpm-install-missing-y", true),
                ("unused-variable", true),
                ("yarn-cache-not-cleaned", true),
                ("copy-archive-then-extract", true),
            ],
        ),
        (
            "FROM a AS b\nRUN echo Assume-Yes",
            &[("apt-get-missing-y", false)],
        ),
        ("FROM a AS b\nRUN ls", &[("apt-get-missing-y", true)]),
        (
            "FROM a AS b\nRUN echo assumeyes",
            &[("rpm-install-missing-y", false)],
        ),
        ("FROM a AS b\nRUN ls", &[("rpm-install-missing-y", true)]),
        (
            "FROM a AS b\nRUN echo Install-Recommends",
            &[("apt-get-no-recommends", false)],
        ),
        ("FROM a AS b\nRUN ls", &[("apt-get-no-recommends", true)]),
        ("FROM a AS b\nENV v=2", &[("unused-variable", false)]),
        ("FROM a AS b\nRUN ls", &[("unused-variable", true)]),
        (
            "FROM alpine AS b\nRUN ls",
            &[
                ("yarn-cache-not-cleaned", false),
                ("copy-archive-then-extract", false),
                ("apt-get-no-recommends", false),
            ],
        ),
        (
            "FROM a AS b\nRUN ls",
            &[
                ("yarn-cache-not-cleaned", true),
                ("copy-archive-then-extract", true),
                ("apt-get-no-recommends", true),
            ],
        ),
    ];
    let (opts, config) = (common::options(None), Config::default());
    let mut analyzer = Analyzer::default();
    for (k, (last, expect)) in steps.iter().enumerate() {
        let text = format!("{first}{last}\n");
        let inc = analyzer.analyze(&text, &opts, &config);
        for (rule, found) in *expect {
            let lines = lines_of(inc, rule);
            assert_eq!(
                lines.iter().any(|l| *l < 8),
                *found,
                "{rule} in the first stage after {last:?}: {lines:?}"
            );
        }
        let inc = json(inc);
        assert_eq!(
            inc,
            json(&analyze_with(&text, &opts, &config)),
            "after {last:?}"
        );
        assert!(
            k == 0 || analyzer.reused_stages().kept > 0,
            "the first stage is reused"
        );
    }
}
