//! The simulation's figures as the report gives them (JSON field names are
//! part of the CLI's documented output).

use crate::sim::{base::ImageFacts, Base, Bytes, Simulation};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct StageReport {
    pub index: usize,
    pub name: Option<String>,
    /// The base as written after ARG expansion (`python:3.12-slim`, a stage name, `scratch`).
    pub base: String,
    pub base_kind: BaseKind,
    /// The base stage's index when the base is a stage.
    pub base_stage: Option<usize>,
    pub line: u32,
    /// Whether BuildKit builds this stage for the target.
    pub reachable: bool,
    pub size_bytes: u64,
    pub size_low_bytes: u64,
    pub size_high_bytes: u64,
    /// False when part of the size is unknown (the figures are then a lower bound).
    pub size_complete: bool,
    pub base_size_bytes: u64,
    /// False when the base's size is not known (an image not in the tables).
    pub base_size_known: bool,
    pub compressed_size_bytes: u64,
    pub image: Option<ImageFacts>,
}

/// What a stage is built on (JSON: `image`, `stage`, `scratch` or `invalid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum BaseKind {
    Image,
    Stage,
    Scratch,
    Invalid,
}

impl BaseKind {
    /// The word the JSON report uses.
    pub fn as_str(self) -> &'static str {
        match self {
            BaseKind::Image => "image",
            BaseKind::Stage => "stage",
            BaseKind::Scratch => "scratch",
            BaseKind::Invalid => "invalid",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct LayerReport {
    pub stage: usize,
    pub line: u32,
    pub end_line: u32,
    pub instruction: String,
    pub size_bytes: u64,
    pub size_low_bytes: u64,
    pub size_high_bytes: u64,
    pub size_complete: bool,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct LeftoverReport {
    pub kind: crate::sim::LeftoverKind,
    pub path: String,
    pub line: u32,
    pub size_bytes: u64,
    pub size_low_bytes: u64,
    pub size_high_bytes: u64,
    pub size_complete: bool,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct ImageReport {
    /// The target stage.
    pub stage: usize,
    pub size_bytes: u64,
    pub size_low_bytes: u64,
    pub size_high_bytes: u64,
    pub size_complete: bool,
    /// Estimated download (compressed) size.
    pub compressed_size_bytes: u64,
    /// The size of the base chain (the first stage's image plus the stages it builds on).
    pub base_size_bytes: u64,
    /// What the image carries without needing it: caches, files deleted later.
    pub leftovers: Vec<LeftoverReport>,
}

/// The figures of `sim`. `kept`: the previous report's layers, and how many
/// leading stages of `sim` are as they were then (their layers' reports
/// are those at the start of the previous ones, and are kept).
pub(crate) fn figures(
    sim: &Simulation,
    kept: Option<(Vec<LayerReport>, usize)>,
) -> (Vec<StageReport>, Vec<LayerReport>, Option<ImageReport>) {
    let stages = sim
        .stages
        .iter()
        .map(|s| {
            let (base, kind, base_stage, image) = match &s.base {
                Base::Image { reference, facts } => (
                    reference.clone(),
                    BaseKind::Image,
                    None,
                    facts.as_deref().cloned(),
                ),
                Base::Stage { index } => (
                    sim.stages[*index].display_name(),
                    BaseKind::Stage,
                    Some(*index),
                    None,
                ),
                Base::Scratch => ("scratch".to_string(), BaseKind::Scratch, None, None),
                Base::Invalid { text, .. } => (text.clone(), BaseKind::Invalid, None, None),
            };
            StageReport {
                index: s.index,
                name: s.name.clone(),
                base,
                base_kind: kind,
                base_stage,
                line: s.line,
                reachable: s.needed,
                size_bytes: s.size.value,
                size_low_bytes: s.size.low,
                size_high_bytes: s.size.high,
                size_complete: s.size.complete,
                base_size_bytes: s.base_size.value,
                base_size_known: s.base_size.complete,
                compressed_size_bytes: s.compressed_size.value,
                image,
            }
        })
        .collect();
    let (mut layers, first) = match kept {
        Some((mut layers, n)) => {
            layers.truncate(sim.stages[..n].iter().map(|s| s.layers.len()).sum());
            (layers, n)
        }
        None => (Vec::new(), 0),
    };
    layers.extend(
        sim.stages[first..]
            .iter()
            .flat_map(|s| s.layers.iter())
            .map(|l| LayerReport {
                stage: l.stage,
                line: l.line,
                end_line: l.end_line,
                instruction: l.instruction.clone(),
                size_bytes: l.size.value,
                size_low_bytes: l.size.low,
                size_high_bytes: l.size.high,
                size_complete: l.size.complete,
                notes: l.notes.clone(),
            }),
    );
    let image = sim.target_stage().map(|t| {
        // The leftovers of the target stage and of the stages it is built on.
        let mut chain = vec![t.index];
        let mut cur = t;
        while let Base::Stage { index } = cur.base {
            chain.push(index);
            cur = &sim.stages[index];
        }
        let all: Vec<&crate::sim::Leftover> = chain
            .iter()
            .flat_map(|i| sim.stages[*i].leftovers.iter())
            .collect();
        // A cache deleted in a later layer is reported once, as deleted later.
        let superseded = |l: &crate::sim::Leftover| {
            l.kind != crate::sim::LeftoverKind::DeletedLater
                && all.iter().any(|d| {
                    d.kind == crate::sim::LeftoverKind::DeletedLater
                        && d.line == l.line
                        && crate::sim::vfs::is_within(&d.path, &l.path)
                })
        };
        let leftovers = all
            .iter()
            .filter(|l| !superseded(l))
            .map(|l| LeftoverReport {
                kind: l.kind,
                path: l.path.clone(),
                line: l.line,
                size_bytes: l.bytes.value,
                size_low_bytes: l.bytes.low,
                size_high_bytes: l.bytes.high,
                size_complete: l.bytes.complete,
                note: l.text(),
            })
            .collect();
        let root_base: Bytes = sim.stages[*chain.last().unwrap()].base_size;
        ImageReport {
            stage: t.index,
            size_bytes: t.size.value,
            size_low_bytes: t.size.low,
            size_high_bytes: t.size.high,
            size_complete: t.size.complete,
            compressed_size_bytes: t.compressed_size.value,
            base_size_bytes: root_base.value,
            leftovers,
        }
    });
    (stages, layers, image)
}
