//! # layerlab-analysis
//!
//! The analysis core: text in, a [`Report`] out. It has no dependency on a
//! browser, a terminal or the file system; the CLI and the web page are thin
//! shells over [`analyze`].
//!
//! The pipeline: parse ([`layerlab_syntax`]), simulate the build ([`sim`]),
//! then turn diagnostics and the rules' findings into [`Finding`]s and the
//! simulation into stage, layer and image figures.

mod carry;
pub mod compare;
pub mod config;
pub mod goals;
pub mod pragmas;
pub mod report;
pub mod rules;
pub mod shell;
pub mod sim;

use layerlab_syntax::{Diagnostic, Dockerfile, Instruction, Severity};
use serde::{Deserialize, Serialize};

pub use compare::{compare, Comparison};
pub use config::Config;
pub use report::{BaseKind, ImageReport, LayerReport, StageReport};
pub use sim::{BuildContext, SimOptions, Simulation};

/// Options of one analysis run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub sim: SimOptions,
    pub context: Option<BuildContext>,
}

/// One problem, positioned in the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Finding {
    /// A stable kebab-case id.
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    /// 1-based; columns count Unicode scalar values.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Byte offsets into the source.
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub help: String,
    /// What it costs: bytes in the image, a failed build, a container that
    /// fails at start, a security exposure, slower rebuilds.
    pub cost: Option<rules::Cost>,
    /// A safe fix as text edits, where there is one.
    pub fix: Option<rules::Fix>,
    /// What the finding rests on that the analysis could not see (set when
    /// the build context is not given and a file it would read decides).
    pub assumption: Option<Assumption>,
    /// The other linter's code of this finding when its rule has several
    /// (`SC3010` of `sh-bashism`): `# hadolint ignore=` and `--ignore` then
    /// match this code only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Other places the finding is about (the stage whose files were
    /// searched, the instruction that installed or created what is
    /// missing), typed: an editor shows them as related locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A secondary location of a finding: a span of the same Dockerfile and what
/// is there, in words for the reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Related {
    /// Byte offsets into the source.
    pub start: usize,
    pub end: usize,
    /// 1-based.
    pub line: u32,
    pub message: String,
}

/// An assumption a finding rests on, stated for the reader, with the build
/// context files that would decide it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Assumption {
    /// In words, for the message: `requirements.txt lists at least one package`.
    pub text: String,
    /// Build-context paths (relative, `/`-separated) whose contents decide the
    /// finding: the page offers to add them ("Add requirements.txt").
    pub decided_by: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Category {
    Syntax,
    Correctness,
    Size,
    Security,
    Reproducibility,
    Style,
}

/// Everything the analysis found.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub stages: Vec<StageReport>,
    pub layers: Vec<LayerReport>,
    /// The target stage's image; None when the file has no stage.
    pub image: Option<ImageReport>,
    /// How many findings pragmas (`# hadolint ignore=`, `# check=skip=`, …)
    /// and the configuration's `ignore` removed.
    pub suppressed: usize,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The parsed file, the simulated build and the report.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub dockerfile: Dockerfile,
    pub simulation: Simulation,
    pub report: Report,
}

/// Analyse a Dockerfile's text, with the file's pragmas and no project
/// configuration.
pub fn analyze(text: &str, options: &Options) -> Analysis {
    analyze_with(text, options, &Config::default())
}

/// Analyse a Dockerfile's text under a project configuration: after the
/// rules run, the file's pragmas ([`pragmas`]) drop findings and apply
/// `# check=error=true`, then the configuration's `ignore` drops findings and
/// its `severity` overrides apply. (A separate function rather than a field of
/// [`Options`], so that `Options { sim, context }` literals keep compiling.)
pub fn analyze_with(text: &str, options: &Options, config: &Config) -> Analysis {
    analyze_reusing(text, options, config, None, false).0
}

/// [`analyze_with`], reusing the leading stages of a previous file's
/// simulation made with the same options (see [`sim::incremental`]); the
/// result is the same. [`Analyzer`] keeps the previous analysis for this.
fn analyze_reusing(
    text: &str,
    options: &Options,
    config: &Config,
    previous: Option<(Analysis, rules::RuleFindings)>,
    keep: bool,
) -> (Analysis, rules::RuleFindings, sim::StageReuse) {
    let (dockerfile, previous) = match previous {
        Some((a, pfound)) => {
            let shape = sim::incremental::Shape::of(&a.dockerfile);
            let re = layerlab_syntax::parse_reusing(a.dockerfile, text);
            let prev = sim::incremental::Previous::new(shape, &re, a.simulation);
            (re.dockerfile, Some((prev, pfound, a.report.layers)))
        }
        None => (layerlab_syntax::parse(text), None),
    };
    let unknown;
    let context = match &options.context {
        Some(c) => c,
        None => {
            unknown = BuildContext::unknown();
            &unknown
        }
    };
    let (simulation, reused, found, layers) = match previous {
        Some((prev, pfound, layers)) => {
            let (s, n) = sim::simulate_reusing(&dockerfile, context, &options.sim, Some(prev));
            let found = rules::run_reusing(&dockerfile, &s, Some((pfound, n.kept)), keep);
            (s, n, found, Some((layers, n.kept)))
        }
        None => {
            let s = sim::simulate(&dockerfile, context, &options.sim);
            let found = rules::run_reusing(&dockerfile, &s, None, keep);
            (s, sim::StageReuse::default(), found, None)
        }
    };
    let findings = found.findings().cloned();
    let report = report_of(&dockerfile, &simulation, findings, config, layers);
    let analysis = Analysis {
        report,
        dockerfile,
        simulation,
    };
    (analysis, found, reused)
}

/// The report of a parsed and simulated file: the parser's diagnostics and
/// the rules' findings (`found`, rule after rule), sorted, with pragmas and
/// the configuration applied, and the simulation's figures (with the
/// previous report's layers and how many leading stages are as they were).
fn report_of(
    dockerfile: &Dockerfile,
    simulation: &Simulation,
    found: impl Iterator<Item = Finding>,
    config: &Config,
    kept: Option<(Vec<report::LayerReport>, usize)>,
) -> Report {
    let mut findings: Vec<Finding> = dockerfile
        .diagnostics
        .iter()
        .map(|d| finding_from_diagnostic(dockerfile, d))
        .collect();
    findings.extend(found);
    layerlab_sort::sort_by(&mut findings, |a, b| {
        (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule))
    });
    let mut suppressed = pragmas::Pragmas::of(dockerfile).apply(&mut findings);
    let before = findings.len();
    findings.retain(|f| !config.ignores(f));
    suppressed += before - findings.len();
    for f in &mut findings {
        if let Some(s) = config.severity_for(f) {
            f.severity = s;
        }
    }
    let (stages, layers, image) = report::figures(simulation, kept);
    Report {
        findings,
        stages,
        layers,
        image,
        suppressed,
    }
}

/// Analyses successive versions of one file (an editor's buffer), reusing
/// from the previous analysis what the edit did not change. Each result
/// equals [`analyze_with`]'s on the same text, options and configuration.
///
/// What it reuses: the parse of the items the edit did not touch
/// ([`layerlab_syntax::parse_reusing`]); the simulation of the unchanged
/// leading stages, and of the later stages whose instructions the edit only
/// moved and that read no stage simulated again ([`sim::incremental`]); in
/// the leading stages, the findings of the rules whose
/// [`rules::Meta::locality`] is an instruction or a stage
/// ([`rules::run_reusing`]); the other rules run on the whole file, the
/// local ones on the stages after the leading ones.
#[derive(Default)]
pub struct Analyzer {
    last: Option<(Options, Analysis, rules::RuleFindings)>,
    reused: sim::StageReuse,
}

impl Analyzer {
    /// Analyses `text`; the previous analysis is reused when it was made
    /// with the same options.
    pub fn analyze(&mut self, text: &str, options: &Options, config: &Config) -> &Analysis {
        let (opts, previous) = match self.last.take() {
            Some((o, a, f)) if o == *options => (o, Some((a, f))),
            _ => (options.clone(), None),
        };
        let (analysis, found, reused) = analyze_reusing(text, options, config, previous, true);
        self.reused = reused;
        &self.last.insert((opts, analysis, found)).1
    }

    /// How many stages the last analysis took from the one before, kept
    /// (leading) and moved (after the edit).
    pub fn reused_stages(&self) -> sim::StageReuse {
        self.reused
    }

    /// How many rule findings the last analysis took from the one before
    /// (before pragmas and the configuration apply).
    pub fn reused_findings(&self) -> usize {
        self.last.as_ref().map_or(0, |(_, _, f)| f.reused())
    }

    /// The last analysis.
    pub fn last(&self) -> Option<&Analysis> {
        self.last.as_ref().map(|(_, a, _)| a)
    }
}

pub(crate) fn finding_from_diagnostic(df: &Dockerfile, d: &Diagnostic) -> Finding {
    let start = df.line_col(d.span.start);
    let end = df.line_col(d.span.end);
    Finding {
        rule: d.code.to_string(),
        category: Category::Syntax,
        severity: d.severity,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        start: d.span.start,
        end: d.span.end,
        message: d.message.clone(),
        help: syntax_help(d.code).to_string(),
        cost: d.buildkit_parser_error.then_some(rules::Cost::BuildFails),
        fix: None,
        assumption: None,
        code: None,
        related: Vec::new(),
    }
}

/// A short explanation for each parser diagnostic.
fn syntax_help(code: &str) -> &'static str {
    match code {
        "empty-continuation-line" => "Remove the empty line, or end the instruction before it. BuildKit warns that empty continuation lines will become errors.",
        "unterminated-heredoc" => "Add a line holding only the heredoc's delimiter after its body.",
        "invalid-json-args" => "Exec form takes a JSON array of strings, such as [\"python\", \"app.py\"].",
        "env-missing-value" | "label-missing-value" => "Write KEY=VALUE (preferred), or the legacy form KEY VALUE.",
        "env-missing-equals" | "label-missing-equals" => "Every word must be KEY=VALUE; quote values that contain spaces.",
        "unknown-instruction" => "Check the spelling; Dockerfile instructions are FROM, RUN, COPY, ADD, ENV, ARG, WORKDIR, USER, CMD, ENTRYPOINT, EXPOSE, VOLUME, LABEL, HEALTHCHECK, SHELL, STOPSIGNAL, ONBUILD.",
        "missing-arguments" => "This instruction needs arguments.",
        "no-instructions" => "A Dockerfile needs at least a FROM instruction.",
        "invalid-escape-directive" => "The escape directive accepts only a backslash or a backtick.",
        "duplicate-directive" => "Each parser directive may appear once; remove the repeated one.",
        "line-too-long" => "BuildKit reads lines of at most 65,535 bytes; split the line with continuations.",
        "no-from-first" => "The first instruction must be FROM (only ARG may come before it).",
        _ => "",
    }
}

/// A one-line summary of an instruction for listings: `FROM python:3.12-slim`.
pub fn instruction_summary(ins: &Instruction) -> String {
    let mut s = ins.keyword.text.to_uppercase();
    let rest = ins
        .original
        .split_whitespace()
        .skip(1)
        .collect::<Vec<_>>()
        .join(" ");
    if !rest.is_empty() {
        s.push(' ');
        s.push_str(&rest);
    }
    s
}
