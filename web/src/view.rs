//! What the page shows about one analysis, and the pure function that
//! computes it: [`analyse`] turns an [`Input`] (the text, the build context,
//! the build options, the goals, the stage the file tree shows) into a
//! [`View`]. The analysis worker (`worker.rs`) runs it off the main thread
//! and sends the view back as JSON; host tests call it directly.
//!
//! Pure: no browser; tested natively.

use layerlab_analysis::compare::Comparison;
use layerlab_analysis::sim::Edge;
use layerlab_analysis::{
    analyze, instruction_summary, Analysis, Analyzer, BuildContext, Config, Finding, ImageReport,
    LayerReport, Options, SimOptions, StageReport,
};
use serde::Serialize;

use crate::examples::{CtxContent, CtxFile};
use crate::goals::GoalsView;
use crate::state::BuildOptions;
use crate::tree::TreeView;

/// Everything an analysis of the page depends on.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct Input {
    pub text: String,
    /// Sorted by path; empty: the context is unknown.
    pub context: Vec<CtxFile>,
    pub options: BuildOptions,
    /// The link's goals (one a line), besides the file's `# goal:` comments.
    pub goals_text: String,
    /// The stage whose files the tree shows (None: the target).
    pub tree_stage: Option<usize>,
    /// Today, `YYYY-MM-DD` (end-of-life checks); None: the analysis' default.
    pub today: Option<String>,
}

impl Input {
    /// The same input with the file tree on the target: what decides the
    /// analysis itself (the tree is a view of it).
    fn analysis_key(&self) -> Input {
        Input {
            tree_stage: None,
            ..self.clone()
        }
    }
}

/// What the page shows about one analysis.
#[derive(Clone, Debug, Default, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub struct View {
    /// The ARGs the Dockerfile declares.
    pub args: Vec<DeclaredArg>,
    pub instructions: Vec<InstructionRow>,
    pub findings: Vec<Finding>,
    pub stages: Vec<StageReport>,
    pub layers: Vec<LayerReport>,
    pub image: Option<ImageReport>,
    pub edges: Vec<Edge>,
    /// The files of the chosen stage (None: no stage).
    pub tree: Option<TreeView>,
    /// The file's and the link's goals, evaluated.
    pub goals: GoalsView,
    /// How long the analysis took, in milliseconds (0 when it was reused).
    pub analysis_ms: f64,
    /// The length in bytes of the text analysed (the keystroke-to-panel
    /// benchmark tells by it which keystrokes the panels show).
    pub text_bytes: usize,
}

/// Analyses `input`.
pub fn analyse(input: &Input) -> View {
    Cache::default().view(input)
}

/// The last analysis and its view: a request that changes only the stage
/// the file tree shows is answered without analysing again, a new text is
/// analysed reusing what the edit did not change ([`Analyzer`]), and the
/// instruction rows of instructions that read the same are kept.
#[derive(Default)]
pub struct Cache {
    /// The last input's analysis key and the view made for it.
    last: Option<(Input, View)>,
    /// What each row of the last view's instructions was made from.
    row_keys: Vec<RowKey>,
    analyzer: Analyzer,
}

impl Cache {
    /// The view of `input`, reusing the last analysis when only the file
    /// tree's stage changed.
    pub fn view(&mut self, input: &Input) -> View {
        self.next(input).1.clone()
    }

    /// The view of `input` (kept here until the next call) and the view
    /// the previous call made (None: the first call). The worker sends
    /// what changed between the two without copying either.
    pub fn next(&mut self, input: &Input) -> (Option<View>, &View) {
        let key = input.analysis_key();
        let previous = self.last.take();
        let view = match (&previous, self.analyzer.last()) {
            (Some((k, v)), Some(analysis)) if *k == key => View {
                tree: crate::tree::tree_of(&analysis.simulation, input.tree_stage),
                analysis_ms: 0.0,
                text_bytes: input.text.len(),
                ..v.clone()
            },
            _ => {
                let started = crate::bridge::now();
                let config = Config::default();
                let analysis = self
                    .analyzer
                    .analyze(&input.text, &options_of(input), &config);
                let analysis_ms = crate::bridge::now() - started;
                let rows = previous.as_ref().map_or(&[][..], |(_, v)| &v.instructions);
                let mut view = view_of(analysis, &input.goals_text, rows, &mut self.row_keys);
                view.analysis_ms = analysis_ms;
                view.text_bytes = input.text.len();
                view.tree = crate::tree::tree_of(&analysis.simulation, input.tree_stage);
                view
            }
        };
        let view = &self.last.insert((key, view)).1;
        (previous.map(|(_, v)| v), view)
    }
}

/// The compare view's figures: the comparison of two sides, and the right
/// side's findings (its editor's diagnostics).
#[derive(Clone, Debug, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub struct Compared {
    pub comparison: Comparison,
    pub findings_b: Vec<Finding>,
}

/// Analyses both sides and compares them.
pub fn compare(a: &Input, b: &Input) -> Compared {
    let a = analyze(&a.text, &options_of(a));
    let b = analyze(&b.text, &options_of(b));
    Compared {
        comparison: layerlab_analysis::compare(&a, &b),
        findings_b: b.report.findings,
    }
}

/// The view of an analysis (the tree left out); `rows` are the previous
/// view's instruction rows, made from `row_keys` (updated here).
fn view_of(
    analysis: &Analysis,
    goals_text: &str,
    rows: &[InstructionRow],
    row_keys: &mut Vec<RowKey>,
) -> View {
    let df = &analysis.dockerfile;
    View {
        args: declared_args(df),
        instructions: instruction_rows(df, rows, row_keys),
        findings: analysis.report.findings.clone(),
        stages: analysis.report.stages.clone(),
        layers: analysis.report.layers.clone(),
        image: analysis.report.image.clone(),
        edges: analysis.simulation.edges.clone(),
        tree: None,
        goals: GoalsView::of(analysis, goals_text),
        analysis_ms: 0.0,
        text_bytes: 0,
    }
}

/// The analysis options of an input.
pub fn options_of(input: &Input) -> Options {
    let mut o = analysis_options(&input.context, &input.options);
    if let Some(today) = &input.today {
        o.sim.today = today.clone();
    }
    o
}

/// What an instruction's row is made of besides its lines: the keyword as
/// written and the logical line (see [`instruction_row`]).
type RowKey = (String, String);

fn row_key_matches(ins: &layerlab_syntax::Instruction, key: &RowKey) -> bool {
    ins.keyword.text == key.0 && ins.original == key.1
}

/// Every instruction as the page lists it. `previous` are the rows made
/// from `keys` (the last view's, or none): the rows of the instructions
/// that read the same at the start and at the end of the file are taken
/// from them with their lines updated, so that a keystroke summarises one
/// instruction, not all of them. `keys` becomes this file's.
fn instruction_rows(
    df: &layerlab_syntax::Dockerfile,
    previous: &[InstructionRow],
    keys: &mut Vec<RowKey>,
) -> Vec<InstructionRow> {
    let ins: Vec<&layerlab_syntax::Instruction> = df.instructions().collect();
    let mut old = std::mem::take(keys);
    if old.len() != previous.len() {
        old.clear();
    }
    let (prefix, suffix) = crate::delta::common_ends(&ins, &old, |i, k| row_key_matches(i, k));
    let (old_len, new_len) = (old.len(), ins.len());
    let tail = old.split_off(old_len - suffix);
    old.truncate(prefix);
    let mut rows = Vec::with_capacity(new_len);
    for (n, i) in ins.iter().enumerate() {
        if n < prefix || n >= new_len - suffix {
            let o = if n < prefix {
                n
            } else {
                old_len - (new_len - n)
            };
            rows.push(InstructionRow {
                start_line: i.start_line,
                end_line: i.end_line,
                ..previous[o].clone()
            });
        } else {
            rows.push(instruction_row(i));
            old.push((i.keyword.text.clone(), i.original.clone()));
        }
    }
    old.extend(tail);
    *keys = old;
    rows
}

/// One instruction's row, made from its keyword, logical line and lines.
fn instruction_row(ins: &layerlab_syntax::Instruction) -> InstructionRow {
    let summary = instruction_summary(ins);
    let args = summary
        .split_once(' ')
        .map(|(_, rest)| rest)
        .unwrap_or("")
        .to_string();
    InstructionRow {
        keyword: ins.keyword.text.to_uppercase(),
        args,
        start_line: ins.start_line,
        end_line: ins.end_line,
    }
}

/// What the page passes to the analysis for a build context (none: an
/// unknown context) and build options; the date is the analysis' default
/// (the page's today comes with the [`Input`]).
pub fn analysis_options(context: &[CtxFile], build: &BuildOptions) -> Options {
    let ctx = (!context.is_empty()).then(|| {
        // The files people add are the ones that matter, not the whole
        // context: a COPY source not among them may still exist. A folder
        // read whole is the context: what it lacks is missing.
        let mut c = if build.whole_context {
            BuildContext::new()
        } else {
            BuildContext::partial()
        };
        for f in context {
            match &f.content {
                CtxContent::Text(t) => c.add_text(&f.path, t),
                // Clamped here too: every way in (links, the panel) clamps,
                // and the analysis' sums must never overflow.
                CtxContent::Sized(n) => c.add_sized(&f.path, (*n).min(crate::share::MAX_FILE_SIZE)),
            }
        }
        c
    });
    Options {
        sim: SimOptions {
            target: (!build.target.is_empty()).then(|| build.target.clone()),
            build_args: build.build_args.clone(),
            ..SimOptions::default()
        },
        context: ctx,
    }
}

/// An `ARG` the Dockerfile declares (the build options offer to set it).
#[derive(
    Clone, Debug, PartialEq, Eq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct DeclaredArg {
    pub name: String,
    /// The default as written (`3.12`), if any.
    pub default: Option<String>,
    pub line: u32,
    /// Declared before the first FROM (usable in FROM lines).
    pub global: bool,
}

/// The ARGs of `df`, first declaration of each name.
pub fn declared_args(df: &layerlab_syntax::Dockerfile) -> Vec<DeclaredArg> {
    use layerlab_syntax::{Args, Keyword};
    let mut out: Vec<DeclaredArg> = Vec::new();
    let mut seen_from = false;
    for ins in df.instructions() {
        match ins.kind {
            Keyword::From => seen_from = true,
            Keyword::Arg => {
                let Args::Words { items } = &ins.args else {
                    continue;
                };
                for t in items {
                    let (name, default) = match t.text.split_once('=') {
                        Some((k, v)) => (k, Some(v.trim_matches(['"', '\'']).to_string())),
                        None => (t.text.as_str(), None),
                    };
                    if name.is_empty() || out.iter().any(|a| a.name == name) {
                        continue;
                    }
                    out.push(DeclaredArg {
                        name: name.to_string(),
                        default,
                        line: ins.start_line,
                        global: !seen_from,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// One instruction as the page lists it.
#[derive(
    Clone, Debug, PartialEq, Eq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct InstructionRow {
    /// The canonical keyword (`FROM`), or the word as written, upper-cased,
    /// when the instruction is unknown.
    pub keyword: String,
    /// The rest of the logical line, continuations joined (`python:3.12-slim AS build`).
    pub args: String,
    /// 1-based, inclusive.
    pub start_line: u32,
    pub end_line: u32,
}

impl InstructionRow {
    /// `3` for a one-line instruction, `5–7` for one that spans lines.
    pub fn line_range(&self) -> String {
        if self.end_line > self.start_line {
            format!("{}\u{2013}{}", self.start_line, self.end_line)
        } else {
            self.start_line.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(mut v: View) -> String {
        v.analysis_ms = 0.0;
        serde_json::to_string(&v).unwrap()
    }

    /// The worker's cache analyses each new text reusing the last analysis;
    /// its views equal those of a fresh analysis, edit after edit.
    #[test]
    fn the_cache_views_of_successive_edits_equal_fresh_ones() {
        let mut text = String::from(
            "FROM python:3.12-slim AS build\nRUN pip install flask\n\
             FROM build AS app\nCOPY --from=build /usr/local /usr/local\nCMD [\"flask\"]\n",
        );
        let edits = [
            "RUN apt-get update\n",
            "x",
            "\n",
            "FROM alpine\n",
            "USER app\n",
        ];
        let mut cache = Cache::default();
        for (i, e) in edits.iter().enumerate() {
            if i % 2 == 0 {
                text.push_str(e);
            } else {
                text.insert_str(text.find("RUN").unwrap_or(0), e);
            }
            let input = Input {
                text: text.clone(),
                ..Input::default()
            };
            assert_eq!(
                json(cache.view(&input)),
                json(analyse(&input)),
                "after edit {i}"
            );
        }
    }

    /// Instruction rows kept from the last view follow their instructions:
    /// lines inserted, removed and changed at the start, in the middle and
    /// at the end, repeated lines, continuations, the tree's stage alone
    /// changed; each view equals a fresh analysis.
    #[test]
    fn kept_instruction_rows_equal_fresh_ones() {
        let base = "FROM alpine AS a\nRUN echo 1\nRUN echo 1\nENV A=1\n\
                    FROM a AS b\nRUN apk add \\\n  curl\nRUN echo 1\nCMD [\"sh\"]\n";
        let texts = [
            base.to_string(),
            base.replacen("ENV A=1\n", "ENV A=1\nRUN echo 1\n", 1),
            base.replacen("RUN echo 1\n", "", 1),
            base.replacen("  curl", "  curl wget", 1),
            format!("# syntax=docker/dockerfile:1\n\n{base}"),
            format!("{base}x"),
            format!("{base}xy"),
            base.replacen("RUN echo 1", "run   echo   1", 2),
            "FROM alpine\n".to_string(),
            String::new(),
            base.to_string(),
            base.to_string(), // the tree's stage alone changes (below)
            base.replacen("FROM a AS b\n", "", 1),
        ];
        let mut cache = Cache::default();
        for (i, t) in texts.iter().enumerate() {
            let input = Input {
                text: t.clone(),
                tree_stage: (i == 11).then_some(0),
                ..Input::default()
            };
            assert_eq!(
                json(cache.view(&input)),
                json(analyse(&input)),
                "text {i}: {t:?}"
            );
        }
    }
}
