//! A stage's simulated files as the page's file tree shows them, like dive
//! shows a built image: what each instruction added (with sizes), and for
//! each `COPY --from` what it took and what it left behind in the other
//! stage. Computed beside the analysis (in the worker), so that the page
//! receives rows, not the simulation's filesystems.
//!
//! Pure: no browser; tested natively.

use std::collections::BTreeMap;

use layerlab_analysis::sim::vfs::{Entry, Kind, Origin};
use layerlab_analysis::Simulation;
use serde::Serialize;

/// At most this many paths are listed (the rest are counted).
pub const MAX_ROWS: usize = 200;

/// One stage's files.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct TreeView {
    /// The stage shown.
    pub stage: usize,
    /// Paths added by its instructions, grouped by line.
    pub groups: Vec<TreeGroup>,
    /// Paths beyond [`MAX_ROWS`], not listed.
    pub more: usize,
}

/// The paths one instruction added.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct TreeGroup {
    pub line: u32,
    /// The instruction as the layer list writes it.
    pub instruction: String,
    /// The bytes of the paths still there, and whether every size is known.
    pub total: u64,
    pub total_complete: bool,
    /// `COPY --from` sources: `(stage, path)`.
    pub taken: Vec<(String, String)>,
    /// What the first source stage added outside the copied paths: how many
    /// files, their bytes, whether every size is known.
    pub left_behind: Option<(usize, u64, bool)>,
    /// The listed paths (the ones within [`MAX_ROWS`]).
    pub rows: Vec<TreeRow>,
}

/// One path.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct TreeRow {
    pub path: String,
    pub dir: bool,
    pub size: u64,
    pub complete: bool,
    pub deleted: bool,
    pub opaque: bool,
}

/// The files of stage `chosen` (None: the target, else the last stage);
/// None when there is no stage.
pub fn tree_of(sim: &Simulation, chosen: Option<usize>) -> Option<TreeView> {
    let last = sim.stages.len().checked_sub(1)?;
    let index = chosen.or(sim.target).unwrap_or(last).min(last);
    let stage = &sim.stages[index];
    let mut by_line: BTreeMap<u32, Vec<(&String, &Entry)>> = BTreeMap::new();
    for (path, e) in stage.fs.all() {
        if let Some(line) = e.line {
            by_line.entry(line).or_default().push((path, e));
        }
    }
    let mut budget = MAX_ROWS;
    let mut more = 0;
    // Groups until the row budget is spent; the paths of the rest are counted.
    let mut groups = Vec::new();
    for (line, entries) in &by_line {
        let listed = entries.len().min(budget);
        budget -= listed;
        more += entries.len() - listed;
        if listed > 0 {
            groups.push(group_of(sim, index, *line, entries, listed));
        }
    }
    Some(TreeView {
        stage: index,
        groups,
        more,
    })
}

/// The group of line `line` of stage `index`, its first `listed` paths as rows.
fn group_of(
    sim: &Simulation,
    index: usize,
    line: u32,
    entries: &[(&String, &Entry)],
    listed: usize,
) -> TreeGroup {
    let live = || entries.iter().filter(|(_, e)| !e.deleted);
    let total = live().fold(0u64, |sum, (_, e)| sum.saturating_add(e.size.value));
    let total_complete = live().all(|(_, e)| e.size.complete);
    let instruction = sim.stages[index]
        .layers
        .iter()
        .find(|l| l.line == line)
        .map(|l| l.instruction.clone())
        .unwrap_or_default();
    let mut taken: Vec<(String, String)> = Vec::new();
    for (_, e) in entries {
        if let Origin::Stage { stage, path } = &e.origin {
            if !taken.iter().any(|(s, p)| s == stage && p == path) {
                taken.push((stage.clone(), path.clone()));
            }
        }
    }
    let left_behind = left_behind(sim, &taken);
    let rows = entries[..listed]
        .iter()
        .map(|(path, e)| TreeRow {
            path: (*path).clone(),
            dir: matches!(e.kind, Kind::Directory),
            size: e.size.value,
            complete: e.size.complete,
            deleted: e.deleted,
            opaque: e.opaque,
        })
        .collect();
    TreeGroup {
        line,
        instruction,
        total,
        total_complete,
        taken,
        left_behind,
        rows,
    }
}

/// For COPY --from sources `(stage, path)`: how many files the source stage's
/// instructions added outside the copied paths, their bytes, and whether
/// every one of their sizes is known.
fn left_behind(sim: &Simulation, taken: &[(String, String)]) -> Option<(usize, u64, bool)> {
    let (stage_name, _) = taken.first()?;
    let src = sim.stages.iter().find(|s| {
        s.name.as_deref() == Some(stage_name.as_str()) || s.index.to_string() == *stage_name
    })?;
    let paths: Vec<&str> = taken
        .iter()
        .filter(|(s, _)| s == stage_name)
        .map(|(_, p)| p.as_str())
        .collect();
    let mut n = 0;
    let mut bytes = 0u64;
    let mut complete = true;
    for (path, e) in src.fs.all() {
        if e.line.is_none() || e.deleted || matches!(e.kind, Kind::Directory) {
            continue;
        }
        let inside = paths.iter().any(|p| {
            let p = p.trim_end_matches('/');
            path == p || path.starts_with(&format!("{p}/")) || p.is_empty()
        });
        if !inside {
            n += 1;
            bytes = e.size.value.saturating_add(bytes);
            complete &= e.size.complete;
        }
    }
    (n > 0).then_some((n, bytes, complete))
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_analysis::{analyze, Options};

    fn tree(text: &str, stage: Option<usize>) -> TreeView {
        let a = analyze(text, &Options::default());
        tree_of(&a.simulation, stage).expect("a stage")
    }

    #[test]
    fn groups_follow_the_lines_that_added_files() {
        let t = tree("FROM alpine\nRUN mkdir /a\nCOPY x /a/x\n", None);
        assert_eq!(t.stage, 0);
        let lines: Vec<u32> = t.groups.iter().map(|g| g.line).collect();
        assert_eq!(lines, vec![2, 3]);
        assert_eq!(t.groups[0].instruction, "RUN mkdir /a");
        assert!(t.groups[1].rows.iter().any(|r| r.path == "/a/x"));
    }

    #[test]
    fn copy_from_says_what_it_took_and_left_behind() {
        let t = tree(
            "FROM alpine AS build\nRUN echo a > /out/a && echo b > /tmp/b\nFROM alpine\nCOPY --from=build /out /out\n",
            None,
        );
        assert_eq!(t.stage, 1);
        let g = &t.groups[0];
        assert_eq!(g.taken, vec![("build".to_string(), "/out/a".to_string())]);
        // /tmp/b stayed behind.
        assert!(g.left_behind.is_some_and(|(n, _, _)| n >= 1));
        // Another stage on request; past the last one: the last.
        assert_eq!(tree("FROM alpine AS a\nFROM alpine\n", Some(0)).stage, 0);
        assert_eq!(tree("FROM alpine AS a\nFROM alpine\n", Some(9)).stage, 1);
    }

    #[test]
    fn rows_are_capped_and_the_rest_counted() {
        let mut text = String::from("FROM alpine\n");
        for i in 0..(MAX_ROWS + 50) {
            text.push_str(&format!("RUN touch /f{i}\n"));
        }
        let t = tree(&text, None);
        let listed: usize = t.groups.iter().map(|g| g.rows.len()).sum();
        assert_eq!(listed, MAX_ROWS);
        assert_eq!(t.more, 50);
        // No group is drawn without a row (a long file's tree stays small).
        assert_eq!(t.groups.len(), MAX_ROWS);
    }

    #[test]
    fn no_stage_no_tree() {
        let a = analyze("", &Options::default());
        assert!(tree_of(&a.simulation, None).is_none());
    }
}
