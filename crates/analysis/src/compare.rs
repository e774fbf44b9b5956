//! Two analyses side by side: what changes in size, stages, base images and
//! findings when going from Dockerfile A to Dockerfile B.
//!
//! [`compare`] is pure: it reads two [`Analysis`] values and returns a
//! [`Comparison`]. Deltas are B − A (negative: B is smaller).
//!
//! - **Sizes.** An unknown part of a size (an image the tables do not know, a
//!   layer whose effect is not known) makes the size a lower bound. A delta
//!   between two lower bounds is only meaningful when the unknown part is the
//!   same on both sides: [`Basis::SameUnknownBase`] is that case (the same
//!   unknown base image under otherwise known layers), and the delta is then
//!   stated; otherwise it is [`Basis::Incomplete`]. Ranges: when both final
//!   images start from the same base image, their estimates come from the same
//!   models and move together, so the delta's range is the difference of the
//!   lows and of the highs; with different bases they are independent and the
//!   range is the widest one (B's low − A's high … B's high − A's low).
//! - **Stages** are matched by name (case-insensitive), then the final stage
//!   with the final stage, then the rest in order of position.
//! - **Findings** are matched by rule id and message (with `line N` references
//!   taken out, since lines shift), then by rule id and the instruction's
//!   normalised text (the same problem on the same instruction, worded with
//!   other figures). Each finding is used once, so a problem present twice in
//!   B and once in A is once in both and once only in B.

use crate::sim::{Base, Simulation};
use crate::{instruction_summary, Analysis, Finding};
use layerlab_syntax::Dockerfile;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The difference between two analyses (A, then B).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Comparison {
    /// The final images (the target stages).
    pub image: SizeDelta,
    /// Stages matched across the two files, in B's order, then A's unmatched ones.
    pub stages: Vec<StagePair>,
    pub findings: FindingsDiff,
    /// Matched stages whose base image changed.
    pub base_changes: Vec<BaseChange>,
}

/// One side's size figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct SizeSide {
    pub size_bytes: u64,
    pub size_low_bytes: u64,
    pub size_high_bytes: u64,
    /// False when part of the size is unknown (the figures are a lower bound).
    pub size_complete: bool,
    pub compressed_size_bytes: u64,
}

/// How far a size delta can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum Basis {
    /// Both sizes are fully estimated.
    Complete,
    /// Both sizes miss the same unknown base image and nothing else: the
    /// unknown part cancels out and the delta holds.
    SameUnknownBase,
    /// Some unknown part differs between the two: the delta is a difference
    /// of lower bounds and may be wrong either way.
    Incomplete,
    /// One side (or both) has no such image or stage.
    Missing,
}

/// B's size minus A's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct SizeDelta {
    pub a: Option<SizeSide>,
    pub b: Option<SizeSide>,
    /// B − A, uncompressed (0 when a side is missing).
    pub delta_bytes: i64,
    pub delta_low_bytes: i64,
    pub delta_high_bytes: i64,
    /// B − A, compressed (the download).
    pub delta_compressed_bytes: i64,
    pub basis: Basis,
    /// The unknown base image both sides share, for [`Basis::SameUnknownBase`].
    pub unknown_base: Option<String>,
}

/// A stage of A matched with a stage of B (either may be absent).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct StagePair {
    /// Stage indices in A and B.
    pub a: Option<usize>,
    pub b: Option<usize>,
    /// The stage's display name (B's when both exist).
    pub label: String,
    /// How the two were matched: `name`, `final`, `position`, or `none`.
    pub matched_by: Cow<'static, str>,
    pub a_line: Option<u32>,
    pub b_line: Option<u32>,
    pub a_base: Option<String>,
    pub b_base: Option<String>,
    /// The image at the root of each stage's chain (through stage bases).
    pub a_image: Option<String>,
    pub b_image: Option<String>,
    /// Whether each stage is part of its file's final image build.
    pub a_reachable: bool,
    pub b_reachable: bool,
    pub size: SizeDelta,
}

/// A matched stage whose root base image changed (through stage bases).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct BaseChange {
    pub label: String,
    pub a: String,
    pub b: String,
    pub a_line: u32,
    pub b_line: u32,
}

/// Findings only in A, only in B, and in both.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct FindingsDiff {
    pub only_a: Vec<Finding>,
    pub only_b: Vec<Finding>,
    pub both: Vec<FindingPair>,
}

/// The same problem in both files.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct FindingPair {
    pub a: Finding,
    pub b: Finding,
    /// `message` (same rule and wording) or `instruction` (same rule on the
    /// same instruction, worded differently, e.g. another size).
    pub matched_by: Cow<'static, str>,
}

/// Compares two analyses (deltas are B − A).
pub fn compare(a: &Analysis, b: &Analysis) -> Comparison {
    let image = size_delta(
        &a.simulation,
        a.simulation.target,
        &b.simulation,
        b.simulation.target,
    );
    let stages = match_stages(&a.simulation, &b.simulation);
    let base_changes = stages
        .iter()
        .filter_map(|p| {
            let (ab, bb) = (p.a_image.as_ref()?, p.b_image.as_ref()?);
            (ab != bb).then(|| BaseChange {
                label: p.label.clone(),
                a: ab.clone(),
                b: bb.clone(),
                a_line: p.a_line.unwrap_or(0),
                b_line: p.b_line.unwrap_or(0),
            })
        })
        .collect();
    Comparison {
        image,
        stages,
        findings: diff_findings(a, b),
        base_changes,
    }
}

fn side(sim: &Simulation, i: usize) -> Option<SizeSide> {
    let s = sim.stages.get(i)?;
    Some(SizeSide {
        size_bytes: s.size.value,
        size_low_bytes: s.size.low,
        size_high_bytes: s.size.high,
        size_complete: s.size.complete,
        compressed_size_bytes: s.compressed_size.value,
    })
}

/// The base image at the root of stage `i`'s chain (following stage bases),
/// whether its size is known, and whether every layer of the chain is known.
fn chain_facts(sim: &Simulation, i: usize) -> (String, bool, bool) {
    let mut cur = i;
    let mut layers_known = true;
    // A chain is at most as long as the stage list (bases point backwards).
    for _ in 0..=sim.stages.len() {
        let Some(s) = sim.stages.get(cur) else { break };
        layers_known &= s.layers.iter().all(|l| l.size.complete);
        match &s.base {
            Base::Stage { index } if *index != cur => cur = *index,
            Base::Image { reference, .. } => {
                return (reference.clone(), s.base_size.complete, layers_known)
            }
            Base::Scratch => return ("scratch".into(), true, layers_known),
            Base::Invalid { text, .. } => {
                return (text.clone(), s.base_size.complete, layers_known)
            }
            Base::Stage { .. } => break,
        }
    }
    (String::new(), false, layers_known)
}

fn size_delta(sa: &Simulation, ia: Option<usize>, sb: &Simulation, ib: Option<usize>) -> SizeDelta {
    let a = ia.and_then(|i| side(sa, i));
    let b = ib.and_then(|i| side(sb, i));
    let (Some(x), Some(y), Some(ia), Some(ib)) = (a, b, ia, ib) else {
        return SizeDelta {
            a,
            b,
            delta_bytes: 0,
            delta_low_bytes: 0,
            delta_high_bytes: 0,
            delta_compressed_bytes: 0,
            basis: Basis::Missing,
            unknown_base: None,
        };
    };
    let (base_a, base_known_a, layers_a) = chain_facts(sa, ia);
    let (base_b, base_known_b, layers_b) = chain_facts(sb, ib);
    let same_base = !base_a.is_empty() && base_a == base_b;
    let mut unknown_base = None;
    let basis = if x.size_complete && y.size_complete {
        Basis::Complete
    } else if same_base && !base_known_a && !base_known_b && layers_a && layers_b {
        unknown_base = Some(base_a.clone());
        Basis::SameUnknownBase
    } else {
        Basis::Incomplete
    };
    let d = |p: u64, q: u64| q as i64 - p as i64;
    let (low, high) = if same_base {
        let (l, h) = (
            d(x.size_low_bytes, y.size_low_bytes),
            d(x.size_high_bytes, y.size_high_bytes),
        );
        (l.min(h), l.max(h))
    } else {
        (
            d(x.size_high_bytes, y.size_low_bytes),
            d(x.size_low_bytes, y.size_high_bytes),
        )
    };
    let value = d(x.size_bytes, y.size_bytes);
    SizeDelta {
        a,
        b,
        delta_bytes: value,
        delta_low_bytes: low.min(value),
        delta_high_bytes: high.max(value),
        delta_compressed_bytes: d(x.compressed_size_bytes, y.compressed_size_bytes),
        basis,
        unknown_base,
    }
}

fn base_text(sim: &Simulation, i: usize) -> String {
    match &sim.stages[i].base {
        Base::Image { reference, .. } => reference.clone(),
        Base::Stage { index } => sim
            .stages
            .get(*index)
            .map(|s| s.display_name())
            .unwrap_or_default(),
        Base::Scratch => "scratch".into(),
        Base::Invalid { text, .. } => text.clone(),
    }
}

fn match_stages(sa: &Simulation, sb: &Simulation) -> Vec<StagePair> {
    let mut pairs: Vec<(Option<usize>, Option<usize>, &'static str)> = Vec::new();
    let mut used_a = vec![false; sa.stages.len()];
    let mut used_b = vec![false; sb.stages.len()];
    // 1. By name.
    for (j, s) in sb.stages.iter().enumerate() {
        let Some(name) = &s.name else { continue };
        if let Some(i) = sa.stages.iter().position(|t| {
            t.name
                .as_ref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        }) {
            if !used_a[i] {
                used_a[i] = true;
                used_b[j] = true;
                pairs.push((Some(i), Some(j), "name"));
            }
        }
    }
    // 2. The final stage with the final stage.
    if let (Some(i), Some(j)) = (sa.target, sb.target) {
        if i < used_a.len() && j < used_b.len() && !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((Some(i), Some(j), "final"));
        }
    }
    // 3. The rest in order of position.
    let rest_a: Vec<usize> = (0..sa.stages.len()).filter(|&i| !used_a[i]).collect();
    let rest_b: Vec<usize> = (0..sb.stages.len()).filter(|&j| !used_b[j]).collect();
    for k in 0..rest_a.len().max(rest_b.len()) {
        let (i, j) = (rest_a.get(k).copied(), rest_b.get(k).copied());
        pairs.push((
            i,
            j,
            if i.is_some() && j.is_some() {
                "position"
            } else {
                "none"
            },
        ));
    }
    // B's order, then A's stages that have no partner.
    layerlab_sort::sort_by_key(&mut pairs, |(i, j, _)| {
        (j.is_none(), j.unwrap_or(0), i.unwrap_or(0))
    });
    pairs
        .into_iter()
        .map(|(i, j, by)| {
            let label = j
                .map(|j| sb.stages[j].display_name())
                .or_else(|| i.map(|i| sa.stages[i].display_name()))
                .unwrap_or_default();
            StagePair {
                a: i,
                b: j,
                label,
                matched_by: by.into(),
                a_line: i.map(|i| sa.stages[i].line),
                b_line: j.map(|j| sb.stages[j].line),
                a_base: i.map(|i| base_text(sa, i)),
                b_base: j.map(|j| base_text(sb, j)),
                a_image: i.map(|i| chain_facts(sa, i).0),
                b_image: j.map(|j| chain_facts(sb, j).0),
                a_reachable: i.is_some_and(|i| sa.stages[i].needed),
                b_reachable: j.is_some_and(|j| sb.stages[j].needed),
                size: size_delta(sa, i, sb, j),
            }
        })
        .collect()
}

/// The message with `line N` / `lines N–M` references replaced, so that a
/// finding keeps its key when lines shift.
pub fn message_key(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let word_end = if from.starts_with("lines") { 5 } else { 4 };
        let after = &from[word_end..];
        let trimmed = after.trim_start_matches(' ');
        let digits = trimmed
            .find(|c: char| !(c.is_ascii_digit() || c == '–' || c == '-' || c == ','))
            .unwrap_or(trimmed.len());
        let boundary_ok = before.chars().last().is_none_or(|c| !c.is_alphanumeric());
        if boundary_ok
            && trimmed.len() < after.len()
            && trimmed[..digits].starts_with(|c: char| c.is_ascii_digit())
        {
            out.push_str("line ?");
            rest = &trimmed[digits..];
        } else {
            out.push_str(&from[..word_end]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The normalised text of the instruction a finding sits in (`RUN pip install x`).
fn instruction_key(df: &Dockerfile, f: &Finding) -> Option<String> {
    df.instructions()
        .find(|ins| ins.span.start <= f.start && f.start < ins.span.end.max(ins.span.start + 1))
        .map(instruction_summary)
}

fn diff_findings(a: &Analysis, b: &Analysis) -> FindingsDiff {
    let fa = &a.report.findings;
    let fb = &b.report.findings;
    let mut used_a = vec![false; fa.len()];
    let mut used_b = vec![false; fb.len()];
    let mut both = Vec::new();
    let keys_a: Vec<String> = fa.iter().map(|f| message_key(&f.message)).collect();
    let keys_b: Vec<String> = fb.iter().map(|f| message_key(&f.message)).collect();
    for (j, g) in fb.iter().enumerate() {
        if let Some(i) =
            (0..fa.len()).find(|&i| !used_a[i] && fa[i].rule == g.rule && keys_a[i] == keys_b[j])
        {
            used_a[i] = true;
            used_b[j] = true;
            both.push((i, j, "message"));
        }
    }
    let ins_a: Vec<Option<String>> = fa
        .iter()
        .map(|f| instruction_key(&a.dockerfile, f))
        .collect();
    let ins_b: Vec<Option<String>> = fb
        .iter()
        .map(|f| instruction_key(&b.dockerfile, f))
        .collect();
    for (j, g) in fb.iter().enumerate() {
        if used_b[j] || ins_b[j].is_none() {
            continue;
        }
        if let Some(i) =
            (0..fa.len()).find(|&i| !used_a[i] && fa[i].rule == g.rule && ins_a[i] == ins_b[j])
        {
            used_a[i] = true;
            used_b[j] = true;
            both.push((i, j, "instruction"));
        }
    }
    layerlab_sort::sort_by_key(&mut both, |(_, j, _)| *j);
    FindingsDiff {
        only_a: (0..fa.len())
            .filter(|&i| !used_a[i])
            .map(|i| fa[i].clone())
            .collect(),
        only_b: (0..fb.len())
            .filter(|&j| !used_b[j])
            .map(|j| fb[j].clone())
            .collect(),
        both: both
            .into_iter()
            .map(|(i, j, by)| FindingPair {
                a: fa[i].clone(),
                b: fb[j].clone(),
                matched_by: by.into(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Options};

    fn an(text: &str) -> Analysis {
        analyze(text, &Options::default())
    }

    #[test]
    fn message_keys_drop_line_numbers_only() {
        assert_eq!(
            message_key("copied before the dependencies (line 4): every change"),
            "copied before the dependencies (line ?): every change"
        );
        assert_eq!(
            message_key("see lines 3–5 and line 12"),
            "see line ? and line ?"
        );
        assert_eq!(message_key("pipeline 3 stays"), "pipeline 3 stays");
        assert_eq!(message_key("a line of text"), "a line of text");
        assert_eq!(message_key("ends with line"), "ends with line");
        assert_eq!(message_key("python3.12 in line"), "python3.12 in line");
    }

    #[test]
    fn identical_files_have_no_delta_and_only_shared_findings() {
        let t = "FROM python:3.12-slim\nRUN pip install flask\nCMD [\"python\"]\n";
        let c = compare(&an(t), &an(t));
        assert_eq!(c.image.delta_bytes, 0);
        assert_eq!(c.image.basis, Basis::Complete);
        assert!(c.findings.only_a.is_empty() && c.findings.only_b.is_empty());
        assert!(!c.findings.both.is_empty());
        assert!(c.base_changes.is_empty());
    }

    #[test]
    fn findings_match_across_shifted_lines() {
        let a = an("FROM python:3.12-slim\nRUN pip install flask\n");
        let b = an("FROM python:3.12-slim\n\n# comment\n\nRUN pip install flask\nUSER nobody\n");
        let c = compare(&a, &b);
        let pip = c
            .findings
            .both
            .iter()
            .find(|p| p.a.rule == "pip-no-cache-dir")
            .expect("pip-no-cache-dir in both");
        assert_eq!((pip.a.line, pip.b.line), (2, 5));
        assert!(c
            .findings
            .only_b
            .iter()
            .all(|f| f.rule != "pip-no-cache-dir"));
    }

    #[test]
    fn a_fixed_problem_is_only_in_a() {
        let a = an("FROM python:3.12-slim\nRUN pip install flask\n");
        let b = an("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n");
        let c = compare(&a, &b);
        assert!(c
            .findings
            .only_a
            .iter()
            .any(|f| f.rule == "pip-no-cache-dir"));
        assert!(c
            .findings
            .only_b
            .iter()
            .all(|f| f.rule != "pip-no-cache-dir"));
        assert!(
            c.image.delta_bytes < 0,
            "B drops pip's cache: {:?}",
            c.image
        );
        assert_eq!(c.image.basis, Basis::Complete);
        assert!(c.image.delta_low_bytes <= c.image.delta_bytes);
        assert!(c.image.delta_bytes <= c.image.delta_high_bytes);
    }

    #[test]
    fn stages_match_by_name_then_final_then_position() {
        let a = an("FROM alpine AS build\nRUN echo\nFROM alpine AS tools\nFROM alpine\n");
        let b = an("FROM alpine AS x\nFROM debian AS build\nFROM alpine AS app\n");
        let c = compare(&a, &b);
        let find = |label: &str| c.stages.iter().find(|p| p.label == label).unwrap();
        assert_eq!(
            (
                find("build").a,
                find("build").b,
                find("build").matched_by.as_ref()
            ),
            (Some(0), Some(1), "name")
        );
        assert_eq!(
            (
                find("app").a,
                find("app").b,
                find("app").matched_by.as_ref()
            ),
            (Some(2), Some(2), "final")
        );
        assert_eq!(
            (find("x").a, find("x").b, find("x").matched_by.as_ref()),
            (Some(1), Some(0), "position")
        );
        assert_eq!(c.stages.len(), 3);
        assert_eq!(c.base_changes.len(), 1);
        assert_eq!(c.base_changes[0].a, "alpine");
        assert_eq!(c.base_changes[0].b, "debian");
    }

    #[test]
    fn unmatched_stages_are_one_sided() {
        let a = an("FROM alpine AS build\nFROM alpine\n");
        let b = an("FROM alpine\n");
        let c = compare(&a, &b);
        assert_eq!(c.stages.len(), 2);
        let lone = c.stages.iter().find(|p| p.b.is_none()).unwrap();
        assert_eq!(lone.a, Some(0));
        assert_eq!(lone.matched_by, "none");
        assert_eq!(lone.size.basis, Basis::Missing);
    }

    #[test]
    fn different_unknown_bases_make_the_delta_incomplete() {
        let a = an("FROM example.com/unknown/one:1\nRUN echo\n");
        let b = an("FROM example.com/unknown/two:1\nRUN echo\n");
        assert!(!a.report.image.as_ref().unwrap().size_complete);
        assert_eq!(compare(&a, &b).image.basis, Basis::Incomplete);
        let same = compare(&a, &a);
        assert_eq!(same.image.basis, Basis::SameUnknownBase);
        assert_eq!(
            same.image.unknown_base.as_deref(),
            Some("example.com/unknown/one:1")
        );
        assert_eq!(same.image.delta_bytes, 0);
    }

    #[test]
    fn empty_files_compare_without_panic() {
        let c = compare(&an(""), &an("FROM alpine\n"));
        assert_eq!(c.image.basis, Basis::Missing);
        assert!(c.image.a.is_none() && c.image.b.is_some());
        let c = compare(
            &an("FROM"),
            &an("\u{feff}FROM scratch AS x\nCOPY --from=x / /\n"),
        );
        let _ = serde_json::to_string(&c).unwrap();
    }
}
