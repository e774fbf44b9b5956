//! The rule catalogue: one rule per file in this folder, named after its id
//! (`pip_no_cache_dir.rs` is `pip-no-cache-dir`). A rule's `//!` doc comment
//! is its user documentation, in fixed sections (What it does; Why it
//! matters; Example; Use instead; References) — `build.rs` checks them and
//! generates [`RULES`] and [`DOCS`] from the files, so adding a rule is adding
//! a file.
//!
//! A rule reads the syntax tree and/or the simulation ([`RuleCtx`]) and emits
//! findings through a [`Sink`], each with a range, a message, a help text, a
//! cost where it has one, and a fix as text edits where the fix is safe.

use crate::shell::ShellScript;
use crate::sim::{Simulation, Stage};
use crate::{Category, Finding};
use layerlab_syntax::{Dockerfile, Instruction, Severity, Span};
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/rules_registry.rs"));

/// Other linters' rules that are not implemented, with the reason.
mod _not_implemented;
/// Poetry's project files (`poetry.lock`, `pyproject.toml`) for `poetry-in-image`.
pub(crate) mod _poetry;
/// Helpers for the instruction-level rules (files starting with `_` are not rules).
#[allow(dead_code)]
pub(crate) mod _shared_instr;
/// Helpers for the simulation-based rules.
#[allow(dead_code)]
pub(crate) mod _shared_sim;
pub use _not_implemented::NOT_IMPLEMENTED;

/// What a rule is, as data.
#[derive(Clone, Copy, Debug)]
pub struct Meta {
    /// Stable kebab-case id (the file name).
    pub id: &'static str,
    pub category: Category,
    /// Default severity: `Error` the build or the container fails; `Warning`
    /// it works but costs something real; `Info` advice.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Equivalent hadolint codes (`DL3042`), so `# hadolint ignore=` works.
    pub hadolint: &'static [&'static str],
    /// Equivalent BuildKit check name (`FromAsCasing`), so `# check=skip=` works.
    pub buildkit: Option<&'static str>,
    /// What the rule's findings depend on: an incremental analysis
    /// ([`crate::Analyzer`]) keeps the findings of [`Locality::Instruction`]
    /// and [`Locality::Stage`] rules in the stages it reuses and runs them on
    /// the other stages only. [`Locality::File`] unless shown otherwise.
    pub locality: Locality,
}

/// What a rule's findings depend on (see [`Meta::locality`]). Wrongly
/// claiming a narrower locality makes an edited file's report differ from a
/// fresh analysis' (tests/incremental.rs catches it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locality {
    /// Each finding lies in one instruction and depends only on that
    /// instruction (its text, span and parse) and the file's escape
    /// character: never on the simulation or another instruction.
    Instruction,
    /// Each finding lies in the stage it is about (or, for an instruction
    /// before the first FROM, in that instruction) and depends only on that
    /// stage's instructions, the instructions before the first FROM, the
    /// simulation of that stage and of the stages before it (the ones it is
    /// built on or copies from: the simulation only looks back), the build
    /// context, the options, and whether that stage is shipped or needed
    /// ([`RuleCtx::is_shipped`], [`crate::sim::Stage::needed`]). Not on later
    /// stages, the target, or anything counted over the whole file.
    Stage,
    /// Anything in the file.
    File,
}

impl Locality {
    /// Whether findings in unchanged leading stages can be reused.
    pub fn is_local(self) -> bool {
        self != Locality::File
    }
}

/// A rule: metadata and a check.
pub trait Rule: Sync {
    fn meta(&self) -> Meta;
    fn check(&self, cx: &RuleCtx, out: &mut Sink);
    /// For a local rule ([`Locality::is_local`]) whose findings also depend
    /// on one fact of the whole file (a word mentioned anywhere, every ARG
    /// and ENV name): that fact, as data, read from the whole file whatever
    /// is checked. An incremental analysis reuses the rule's findings only
    /// when it equals the previous analysis' fact. Empty by default.
    fn file_fact(&self, _cx: &RuleCtx) -> FileFact {
        FileFact::new()
    }
}

/// A fact of the whole file a local rule reads ([`Rule::file_fact`]).
pub type FileFact = Vec<String>;

/// What a rule can read.
///
/// A [`Locality::Instruction`] or [`Locality::Stage`] rule may be asked to
/// check only the stages from [`RuleCtx::first_stage`] on (the earlier ones'
/// findings are reused): it reads the whole file as usual, but iterates with
/// [`RuleCtx::checked_instructions`], [`RuleCtx::checks`] or
/// [`RuleCtx::scripts`] (which hold only what is checked), and its findings
/// before the first checked stage are dropped.
pub struct RuleCtx<'a> {
    pub df: &'a Dockerfile,
    pub sim: &'a Simulation,
    /// The first stage checked, and the byte offset where it starts (0, 0
    /// when the whole file is).
    scope: std::cell::Cell<(usize, usize)>,
    scripts: std::cell::OnceCell<Vec<ShellScript<'a>>>,
    scripts_from: std::cell::OnceCell<(usize, Vec<ShellScript<'a>>)>,
    instructions: std::cell::OnceCell<Vec<(Option<usize>, &'a Instruction)>>,
    shipped: std::cell::OnceCell<Vec<bool>>,
}

impl<'a> RuleCtx<'a> {
    pub fn new(df: &'a Dockerfile, sim: &'a Simulation) -> RuleCtx<'a> {
        RuleCtx {
            df,
            sim,
            scope: std::cell::Cell::new((0, 0)),
            scripts: std::cell::OnceCell::new(),
            scripts_from: std::cell::OnceCell::new(),
            instructions: std::cell::OnceCell::new(),
            shipped: std::cell::OnceCell::new(),
        }
    }

    /// Every RUN script of the checked stages, parsed, with its shell
    /// (parsed once per analysis, on first use).
    pub fn scripts(&self) -> &[ShellScript<'a>] {
        let (first, at) = self.scope.get();
        if first == 0 || self.scripts.get().is_some() {
            let all = self
                .scripts
                .get_or_init(|| crate::shell::scripts_of(self.df, self.sim, 0));
            return &all[all.partition_point(|s| s.ins.span.start < at)..];
        }
        if self.scripts_from.get().is_some_and(|(a, _)| *a != at) {
            // Another scope than the one parsed: parse everything once.
            let all = self
                .scripts
                .get_or_init(|| crate::shell::scripts_of(self.df, self.sim, 0));
            return &all[all.partition_point(|s| s.ins.span.start < at)..];
        }
        &self
            .scripts_from
            .get_or_init(|| (at, crate::shell::scripts_of(self.df, self.sim, at)))
            .1
    }

    /// Every RUN script of the file, whatever is checked: for a local rule
    /// that reads the scripts of the stages a checked one is built on.
    pub fn all_scripts(&self) -> &[ShellScript<'a>] {
        self.scripts
            .get_or_init(|| crate::shell::scripts_of(self.df, self.sim, 0))
    }

    /// Checks only the stages from `first` on (the first stage, or none,
    /// when `first` is past the last), until [`RuleCtx::check_all`].
    pub fn check_from(&self, first: usize) {
        // Stages as the simulation counts them (`sim::incremental::Groups`):
        // a FROM with a parse error starts none.
        let at = if first == 0 {
            0
        } else {
            self.df
                .instructions()
                .filter(|i| i.error.is_none() && i.kind == layerlab_syntax::Keyword::From)
                .nth(first)
                .map_or(usize::MAX, |i| i.span.start)
        };
        self.scope.set((first, at));
    }

    /// Checks the whole file again.
    pub fn check_all(&self) {
        self.scope.set((0, 0));
    }

    /// The first stage checked (0: the whole file, the instructions before
    /// the first FROM included).
    pub fn first_stage(&self) -> usize {
        self.scope.get().0
    }

    /// The instructions of the checked stages, in file order.
    pub fn checked(&self) -> impl Iterator<Item = &'a Instruction> + '_ {
        self.checked_instructions().iter().map(|(_, i)| *i)
    }

    /// The simulated stages checked.
    pub fn checked_stages(&self) -> &'a [Stage] {
        self.sim.stages.get(self.first_stage()..).unwrap_or(&[])
    }

    /// Whether `ins` is in a checked stage.
    pub fn checks(&self, ins: &Instruction) -> bool {
        ins.span.start >= self.scope.get().1
    }

    /// The instructions of the checked stages, with their stage index (None
    /// before the first FROM), in file order.
    pub fn checked_instructions(&self) -> &[(Option<usize>, &'a Instruction)] {
        let all = self.instructions.get_or_init(|| self.index());
        let at = self.scope.get().1;
        &all[all.partition_point(|(_, i)| i.span.start < at)..]
    }

    fn index(&self) -> Vec<(Option<usize>, &'a Instruction)> {
        let mut stage: Option<usize> = None;
        let mut out = Vec::new();
        for ins in self.df.instructions() {
            if ins.kind == layerlab_syntax::Keyword::From {
                stage = Some(stage.map_or(0, |s| s + 1));
            }
            out.push((stage, ins));
        }
        out
    }

    /// Every instruction with the index of the stage it belongs to (None
    /// before the first FROM).
    pub fn instructions(&self) -> Vec<(Option<usize>, &'a Instruction)> {
        self.instructions.get_or_init(|| self.index()).clone()
    }

    /// Whether stage `i` is one the final image ships ([`shipped_stages`]),
    /// computed once per analysis.
    pub fn is_shipped(&self, i: usize) -> bool {
        self.shipped
            .get_or_init(|| {
                let mut v = vec![false; self.sim.stages.len()];
                for s in shipped_stages(self.sim) {
                    v[s] = true;
                }
                v
            })
            .get(i)
            .copied()
            .unwrap_or(false)
    }

    /// The stage whose FROM starts at or before `line` (the stage it is in).
    pub fn stage_at(&self, line: u32) -> Option<&'a Stage> {
        self.sim.stages.iter().rev().find(|s| s.line <= line)
    }

    pub fn text(&self, span: Span) -> &'a str {
        self.df.text(span)
    }
}

/// What a finding costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Cost {
    /// Bytes in the final image, estimated from the catalogue or the build
    /// context (never for a stage the image does not ship).
    Bytes { bytes: u64, low: u64, high: u64 },
    /// The build stops with an error.
    BuildFails,
    /// The container fails when it starts.
    StartFails,
    /// The container runs, but its service cannot be reached from outside.
    Unreachable,
    /// A security exposure.
    Security,
    /// Every change rebuilds more than it needs to.
    Rebuilds,
}

impl Cost {
    pub fn bytes(b: crate::sim::Bytes) -> Cost {
        Cost::Bytes {
            bytes: b.value,
            low: b.low,
            high: b.high,
        }
    }

    /// For people: `12.3 MB`, `the build fails`, …
    pub fn describe(&self) -> String {
        match self {
            Cost::Bytes { bytes, low, high } if low != high => {
                format!(
                    "{} ({}–{})",
                    crate::sim::size::human(*bytes),
                    crate::sim::size::human(*low),
                    crate::sim::size::human(*high)
                )
            }
            Cost::Bytes { bytes, .. } => crate::sim::size::human(*bytes),
            Cost::BuildFails => "the build fails".into(),
            Cost::StartFails => "the container fails at start".into(),
            Cost::Unreachable => "the service is unreachable from outside the container".into(),
            Cost::Security => "a security exposure".into(),
            Cost::Rebuilds => "slower rebuilds".into(),
        }
    }
}

/// A text edit: replace `start..end` (byte offsets) with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A safe fix: edits applied together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Fix {
    /// What applying it does (`Add --no-cache-dir`).
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit: `replacement` in place of the text of `span`.
    pub fn replace(title: impl Into<String>, span: Span, replacement: impl Into<String>) -> Fix {
        Fix::edit(title, span.start, span.end, replacement)
    }

    /// A fix of one edit: `text` inserted at byte offset `at`.
    pub fn insert(title: impl Into<String>, at: usize, text: impl Into<String>) -> Fix {
        Fix::edit(title, at, at, text)
    }

    /// A fix of one edit: `replacement` in place of `start..end`.
    pub fn edit(
        title: impl Into<String>,
        start: usize,
        end: usize,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                start,
                end,
                replacement: replacement.into(),
            }],
        }
    }

    /// Applies the fix to `text`.
    pub fn apply(&self, text: &str) -> String {
        let mut edits = self.edits.clone();
        layerlab_sort::sort_by_key(&mut edits, |e| std::cmp::Reverse(e.start));
        let mut s = text.to_string();
        for e in edits {
            if e.start <= e.end
                && e.end <= s.len()
                && s.is_char_boundary(e.start)
                && s.is_char_boundary(e.end)
            {
                s.replace_range(e.start..e.end, &e.replacement);
            }
        }
        s
    }
}

/// Collects findings for one rule.
pub struct Sink<'a> {
    df: &'a Dockerfile,
    meta: Meta,
    pub(crate) findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(df: &'a Dockerfile, meta: Meta) -> Sink<'a> {
        Sink {
            df,
            meta,
            findings: Vec::new(),
        }
    }

    /// A related location for a finding (`Finding::related`): `span` and what is there.
    pub fn related(&self, span: Span, message: impl Into<String>) -> crate::Related {
        crate::Related {
            start: span.start,
            end: span.end,
            line: self.df.line_col(span.start).line,
            message: message.into(),
        }
    }

    /// Emits a finding on `span`; returns it so that cost, fix and help can be set.
    pub fn emit(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        let start = self.df.line_col(span.start);
        let end = self.df.line_col(span.end);
        self.findings.push(Finding {
            rule: self.meta.id.to_string(),
            category: self.meta.category,
            severity: self.meta.severity,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: span.start,
            end: span.end,
            message: message.into(),
            help: String::new(),
            cost: None,
            fix: None,
            assumption: None,
            code: None,
            related: Vec::new(),
        });
        self.findings.last_mut().expect("just pushed")
    }
}

/// The documentation of a rule (Markdown), by id.
#[cfg(feature = "docs")]
pub fn docs(id: &str) -> Option<&'static str> {
    DOCS.iter().find(|(i, _)| *i == id).map(|(_, d)| *d)
}

/// Every rule's documentation as one JSON object, `{"id": "Markdown", …}`,
/// sorted by id, one rule per line: web/rule-docs.json, which the page
/// fetches on its first "Why?" (tests/rules_doc.rs keeps the file current).
#[cfg(feature = "docs")]
pub fn docs_json() -> String {
    let mut s = String::from("{\n");
    for (i, (id, doc)) in DOCS.iter().enumerate() {
        let sep = if i + 1 < DOCS.len() { "," } else { "" };
        let id = serde_json::to_string(id).expect("a string");
        let doc = serde_json::to_string(doc).expect("a string");
        s.push_str(&format!("{id}: {doc}{sep}\n"));
    }
    s.push_str("}\n");
    s
}

/// A rule by id (a binary search in an index of [`RULES`] by id, made on
/// first use: the report looks up every finding's rule).
pub fn rule(id: &str) -> Option<&'static dyn Rule> {
    static BY_ID: std::sync::LazyLock<Vec<(&'static str, &'static dyn Rule)>> =
        std::sync::LazyLock::new(|| {
            let mut v: Vec<_> = RULES.iter().map(|r| (r.meta().id, *r)).collect();
            layerlab_sort::sort_by(&mut v, |a, b| a.0.cmp(b.0));
            v
        });
    let i = BY_ID.binary_search_by(|(k, _)| (*k).cmp(id)).ok()?;
    Some(BY_ID[i].1)
}

/// The ShellCheck code of each rule whose [`Meta::hadolint`] names exactly
/// one, by id (sorted): with [`RULE_IDS`], what the page's thread needs of the
/// rules, as data. [`rule`] reaches [`RULES`]' vtables, and through them
/// every rule's `check`: a page module that calls it carries all the rules.
/// A test keeps this table equal to the rules' metadata.
pub static SHELLCHECK_CODES: &[(&str, &str)] = &[
    ("bang-skips-errexit", "SC2251"),
    ("declare-masks-status", "SC2155"),
    ("echo-escapes", "SC2028"),
    ("find-xargs-unsafe", "SC2038"),
    ("single-quoted-expansion", "SC2016"),
    ("unquoted-command-substitution", "SC2046"),
    ("unquoted-expansion", "SC2086"),
    ("unused-variable", "SC2034"),
];

/// Whether `id` names a rule (without reaching the rules' code, see
/// [`SHELLCHECK_CODES`]).
pub fn is_rule(id: &str) -> bool {
    RULE_IDS.binary_search(&id).is_ok()
}

/// The only ShellCheck code rule `id` answers to, if it has exactly one
/// (without reaching the rules' code, see [`SHELLCHECK_CODES`]).
pub fn only_shellcheck_code(id: &str) -> Option<&'static str> {
    SHELLCHECK_CODES
        .binary_search_by(|(i, _)| (*i).cmp(id))
        .ok()
        .map(|k| SHELLCHECK_CODES[k].1)
}

/// Runs every rule.
pub fn run_all(df: &Dockerfile, sim: &Simulation) -> Vec<Finding> {
    run_reusing(df, sim, None, false).into_findings()
}

/// The rules' findings of one analysis, rule by rule, before pragmas and the
/// configuration apply: what the next analysis of an edited file reuses.
#[derive(Clone, Debug, Default)]
pub struct RuleFindings {
    /// In [`RULES`] order, each rule's findings in the order it emitted them.
    per_rule: Vec<Vec<Finding>>,
    /// Per stage: whether it is shipped and whether it is needed.
    flags: Vec<(bool, bool)>,
    /// Per stage: the byte offset of its FROM (which moves when lines are
    /// inserted before it, although the stages before it are unchanged).
    starts: Vec<usize>,
    /// In [`RULES`] order, each rule's [`Rule::file_fact`] (empty for a
    /// whole-file rule).
    facts: Vec<FileFact>,
    /// How many findings were taken from the previous analysis.
    reused: usize,
    /// The RUNs' split commands, by text, and the escape character they
    /// were read with (kept for the next analysis when asked).
    splits: (char, _shared_instr::SplitMemo),
    /// The scripts' parses, by text (kept for the next analysis when asked).
    parses: crate::shell::ParseMemo,
}

impl RuleFindings {
    /// Every finding, rule after rule.
    pub fn into_findings(self) -> Vec<Finding> {
        self.per_rule.into_iter().flatten().collect()
    }

    /// How many findings were taken from the previous analysis.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Every finding, rule after rule.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.per_rule.iter().flatten()
    }
}

/// Runs every rule; with `previous` (the findings of the analysis before
/// and how many leading stages the simulation took from it unchanged, see
/// [`crate::sim::incremental`]), the findings of [`Locality::Instruction`]
/// and [`Locality::Stage`] rules in those stages are taken from it and those
/// rules check the other stages only. Stage rules are reused only when the
/// reused stages are shipped and needed as before. The RUNs' split commands
/// are taken from `previous` where a RUN is unchanged, and with `keep` this
/// analysis' are kept in the result for the next. The result is the same.
pub fn run_reusing(
    df: &Dockerfile,
    sim: &Simulation,
    mut previous: Option<(RuleFindings, usize)>,
    keep: bool,
) -> RuleFindings {
    let cx = RuleCtx::new(df, sim);
    let flags: Vec<(bool, bool)> = (0..sim.stages.len())
        .map(|i| (cx.is_shipped(i), sim.stages[i].needed))
        .collect();
    let starts: Vec<usize> = df
        .instructions()
        .filter(|i| i.kind == layerlab_syntax::Keyword::From && i.error.is_none())
        .map(|i| i.span.start)
        .collect();
    let kept = match previous.as_mut() {
        Some((p, _)) if p.splits.0 == df.escape => std::mem::take(&mut p.splits.1),
        _ => Default::default(),
    };
    let parses = previous
        .as_mut()
        .map(|(p, _)| std::mem::take(&mut p.parses))
        .unwrap_or_default();
    // The previous findings, how many stages the instruction and the stage
    // rules reuse, and where the first stage not reused started before.
    let (mut prev, prev_facts, reused, stage_reused, prev_at) = match previous {
        Some((p, n)) if n > 0 && p.per_rule.len() == RULES.len() => {
            let same_flags = p.flags.get(..n).is_some_and(|f| Some(f) == flags.get(..n));
            // Rules number stages by FROM keywords (`RuleCtx::instructions`,
            // the scripts), the simulation by valid FROMs only: with a broken
            // FROM in the reused part, a rule's stage `i` may read a later
            // simulated stage.
            let at = starts.get(n).copied().unwrap_or(usize::MAX);
            let numbered_alike = df
                .instructions()
                .take_while(|i| i.span.start < at)
                .all(|i| i.kind != layerlab_syntax::Keyword::From || i.error.is_none());
            let stage_n = if same_flags && numbered_alike { n } else { 0 };
            let prev_at = p.starts.get(n).copied().unwrap_or(usize::MAX);
            (p.per_rule, p.facts, n, stage_n, prev_at)
        }
        _ => (Vec::new(), Vec::new(), 0, 0, 0),
    };
    _shared_instr::begin_splits(kept, keep);
    crate::shell::begin_parses(parses, keep);
    let mut per_rule: Vec<Vec<Finding>> = vec![Vec::new(); RULES.len()];
    let mut facts: Vec<FileFact> = vec![FileFact::new(); RULES.len()];
    let mut taken = 0;
    // Whole-file rules first: one that parses every script leaves them for
    // the local rules to share.
    let order = RULES
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.meta().locality.is_local())
        .chain(
            RULES
                .iter()
                .enumerate()
                .filter(|(_, r)| r.meta().locality.is_local()),
        );
    for (k, r) in order {
        let meta = r.meta();
        let n = match meta.locality {
            Locality::Instruction => reused,
            Locality::Stage => stage_reused,
            Locality::File => 0,
        };
        if meta.locality.is_local() {
            // A fact of the whole file the findings depend on: reused only
            // when it is the same.
            cx.check_all();
            facts[k] = r.file_fact(&cx);
        }
        let n = if prev_facts.get(k) == Some(&facts[k]) {
            n
        } else {
            0
        };
        let mut sink = Sink::new(df, meta);
        if n == 0 {
            cx.check_all();
            r.check(&cx, &mut sink);
            per_rule[k] = sink.findings;
            continue;
        }
        cx.check_from(n);
        let at = cx.scope.get().1;
        r.check(&cx, &mut sink);
        let mut kept: Vec<Finding> = std::mem::take(&mut prev[k]);
        kept.retain(|f| f.start < prev_at);
        taken += kept.len();
        kept.extend(sink.findings.into_iter().filter(|f| f.start >= at));
        per_rule[k] = kept;
    }
    cx.check_all();
    let splits = (df.escape, _shared_instr::end_splits());
    RuleFindings {
        splits,
        parses: crate::shell::end_parses(),
        per_rule,
        facts,
        flags,
        starts,
        reused: taken,
    }
}
#[cfg(all(test, feature = "docs"))]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_registered_under_its_file_name_and_documented() {
        assert!(!RULES.is_empty());
        for r in RULES {
            let m = r.meta();
            assert!(
                docs(m.id).is_some(),
                "{} has no docs (is the file named after the id?)",
                m.id
            );
            assert!(
                m.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                m.id
            );
            assert!(!m.summary.is_empty(), "{}", m.id);
        }
        assert_eq!(RULES.len(), DOCS.len());
    }

    #[test]
    fn the_rules_data_tables_match_the_rules() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.meta().id).collect();
        assert_eq!(RULE_IDS, ids.as_slice());
        assert!(RULE_IDS.windows(2).all(|w| w[0] < w[1]), "sorted");
        let codes: Vec<(&str, &str)> = RULES
            .iter()
            .filter_map(|r| {
                let m = r.meta();
                let mut sc = m.hadolint.iter().filter(|c| c.starts_with("SC"));
                match (sc.next(), sc.next()) {
                    (Some(c), None) => Some((m.id, *c)),
                    _ => None,
                }
            })
            .collect();
        assert_eq!(SHELLCHECK_CODES, codes.as_slice(), "SHELLCHECK_CODES");
        assert!(is_rule("unquoted-expansion") && !is_rule("no-such-rule"));
        assert_eq!(only_shellcheck_code("unquoted-expansion"), Some("SC2086"));
        assert_eq!(only_shellcheck_code("pip-no-cache-dir"), None);
    }
}

/// The stages whose files end up in the target image: the target and the
/// stages it is built on (FROM chain). Files of other stages only reach the
/// image through explicit copies.
pub fn shipped_stages(sim: &Simulation) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = vec![false; sim.stages.len()];
    let mut cur = sim.target;
    while let Some(i) = cur {
        if seen.get(i).copied().unwrap_or(true) {
            break;
        }
        seen[i] = true;
        out.push(i);
        cur = match sim.stages[i].base {
            crate::sim::Base::Stage { index } => Some(index),
            _ => None,
        };
    }
    out
}

/// The byte offset just after `word` where it follows one of `after`
/// (`pip install` → after "install"), in `text`.
pub fn find_word_after(text: &str, word: &str, after: &[&str]) -> Option<usize> {
    for a in after {
        let pat = format!("{a} {word}");
        if let Some(i) = text.find(&pat) {
            return Some(i + pat.len());
        }
    }
    None
}

#[cfg(feature = "docs")]
fn category_word(c: Category) -> &'static str {
    match c {
        Category::Syntax => "syntax",
        Category::Correctness => "correctness",
        Category::Size => "size",
        Category::Security => "security",
        Category::Reproducibility => "reproducibility",
        Category::Style => "style",
    }
}

/// The rules reference (docs/rules.md), generated from the rules' metadata
/// and doc comments. CI checks that the checked-in file equals this.
#[cfg(feature = "docs")]
pub fn markdown_reference() -> String {
    let mut s = String::new();
    s.push_str("# Rules\n\n");
    s.push_str("Generated from the rules' doc comments (`crates/analysis/src/rules/*.rs`) by\n");
    s.push_str("`layerlab rules --format markdown`; a test keeps this file current.\n\n");
    s.push_str(
        "Severity: **error** — the build or the container will fail; **warning** — it works\n",
    );
    s.push_str("but costs something real; **info** — advice. Suppress a rule with\n");
    s.push_str(
        "`# layerlab ignore=<id>` on the line before, `# hadolint ignore=<code>`, BuildKit's\n",
    );
    s.push_str("`# check=skip=<Name>`, or `.layerlab.toml`.\n\n");
    s.push_str("| id | category | severity | hadolint | BuildKit | what it checks |\n| --- | --- | --- | --- | --- | --- |\n");
    let mut metas: Vec<Meta> = RULES.iter().map(|r| r.meta()).collect();
    layerlab_sort::sort_by_key(&mut metas, |m| m.id);
    for m in &metas {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} | {} | {} |\n",
            m.id,
            m.id,
            category_word(m.category),
            m.severity.as_str(),
            m.hadolint.join(", "),
            m.buildkit.unwrap_or(""),
            m.summary
        ));
    }
    for m in &metas {
        s.push_str(&format!("\n## {}\n\n", m.id));
        s.push_str(&format!(
            "{} · default severity **{}**{}{}\n\n",
            category_word(m.category),
            m.severity.as_str(),
            if m.hadolint.is_empty() {
                String::new()
            } else {
                format!(" · hadolint {}", m.hadolint.join(", "))
            },
            m.buildkit
                .map(|b| format!(" · BuildKit {b}"))
                .unwrap_or_default()
        ));
        // Demote the doc's sections one level under the rule's heading.
        for line in docs(m.id).unwrap_or("").lines() {
            if let Some(h) = line.strip_prefix("## ") {
                s.push_str(&format!("### {h}\n"));
            } else {
                s.push_str(line);
                s.push('\n');
            }
        }
    }
    s.push_str("\n## Not implemented\n\n| tool | rule | why |\n| --- | --- | --- |\n");
    for (tool, code, why) in NOT_IMPLEMENTED {
        s.push_str(&format!("| {tool} | {code} | {why} |\n"));
    }
    s
}
