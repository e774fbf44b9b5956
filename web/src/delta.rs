//! What changed between two views, so that the worker sends a few rows per
//! keystroke instead of the whole view (a 5,000-line file's view is over a
//! megabyte of JSON, and reading that much blocks the page for tens of
//! milliseconds).
//!
//! The worker diffs each view against the last one it sent; the page applies
//! the delta to the last one it received. Both start from nothing: a new
//! worker's first reply is whole ([`Patch::Whole`]).
//!
//! Pure: no browser; tested natively.

use serde::Serialize;

use crate::view::View;

/// A list as an edit of the previous one: keep its first `prefix` and last
/// `suffix` items, put `middle` between them.
#[derive(Clone, Debug, PartialEq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub struct Splice<T> {
    pub prefix: usize,
    pub suffix: usize,
    pub middle: Vec<T>,
}

/// How many leading and trailing items `a` and `b` have in common (`same`
/// says whether two match), the trailing ones not overlapping the leading.
pub fn common_ends<A, B>(a: &[A], b: &[B], same: impl Fn(&A, &B) -> bool) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| same(x, y)).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| same(x, y))
        .count();
    (prefix, suffix)
}

impl<T: PartialEq + Clone> Splice<T> {
    /// The splice that turns `old` into `new`.
    pub fn between(old: &[T], new: &[T]) -> Splice<T> {
        let (prefix, suffix) = common_ends(old, new, |a, b| a == b);
        Splice {
            prefix,
            suffix,
            middle: new[prefix..new.len() - suffix].to_vec(),
        }
    }

    /// `old` with this splice applied; None if it does not fit `old`.
    pub fn apply(&self, old: &[T]) -> Option<Vec<T>> {
        if self.prefix.checked_add(self.suffix)? > old.len() {
            return None;
        }
        let mut out = Vec::with_capacity(self.prefix + self.middle.len() + self.suffix);
        out.extend_from_slice(&old[..self.prefix]);
        out.extend_from_slice(&self.middle);
        out.extend_from_slice(&old[old.len() - self.suffix..]);
        Some(out)
    }

    /// Applies this splice to `list` in place (nothing copied but the new
    /// items); false, and `list` unchanged, if it does not fit.
    pub fn apply_in_place(self, list: &mut Vec<T>) -> bool {
        match list.len().checked_sub(self.suffix) {
            Some(end) if self.prefix <= end => {
                list.splice(self.prefix..end, self.middle);
                true
            }
            _ => false,
        }
    }
}

/// A value that is sent only when it changed. (Not an `Option`: in JSON an
/// `Option<Option<T>>` cannot tell "changed to nothing" from "unchanged".)
#[derive(Clone, Debug, PartialEq, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub enum Change<T> {
    Same,
    To(T),
}

impl<T: PartialEq + Clone> Change<T> {
    fn between(old: &T, new: &T) -> Change<T> {
        if old == new {
            Change::Same
        } else {
            Change::To(new.clone())
        }
    }

    fn apply(self, old: &T) -> T {
        match self {
            Change::Same => old.clone(),
            Change::To(v) => v,
        }
    }

    fn apply_in_place(self, old: &mut T) {
        if let Change::To(v) = self {
            *old = v;
        }
    }
}

/// What changed in a view.
#[derive(Clone, Debug, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub struct ViewDelta {
    pub args: Splice<crate::view::DeclaredArg>,
    pub instructions: Splice<crate::view::InstructionRow>,
    pub findings: Splice<layerlab_analysis::Finding>,
    pub stages: Splice<layerlab_analysis::StageReport>,
    pub layers: Splice<layerlab_analysis::LayerReport>,
    pub image: Change<Option<layerlab_analysis::ImageReport>>,
    pub edges: Splice<layerlab_analysis::sim::Edge>,
    pub tree: Change<Option<crate::tree::TreeView>>,
    pub goals: Change<crate::goals::GoalsView>,
    pub analysis_ms: f64,
    pub text_bytes: usize,
}

/// A view as the worker sends it.
#[derive(Clone, Debug, Serialize, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub enum Patch {
    /// The whole view (a worker's first reply).
    Whole(Box<View>),
    /// What changed since the worker's previous reply.
    Delta(Box<ViewDelta>),
}

impl Patch {
    /// The patch that turns `old` (the previous reply, if any) into `new`.
    pub fn between(old: Option<&View>, new: &View) -> Patch {
        let Some(old) = old else {
            return Patch::Whole(Box::new(new.clone()));
        };
        Patch::Delta(Box::new(ViewDelta {
            args: Splice::between(&old.args, &new.args),
            instructions: Splice::between(&old.instructions, &new.instructions),
            findings: Splice::between(&old.findings, &new.findings),
            stages: Splice::between(&old.stages, &new.stages),
            layers: Splice::between(&old.layers, &new.layers),
            image: Change::between(&old.image, &new.image),
            edges: Splice::between(&old.edges, &new.edges),
            tree: Change::between(&old.tree, &new.tree),
            goals: Change::between(&old.goals, &new.goals),
            analysis_ms: new.analysis_ms,
            text_bytes: new.text_bytes,
        }))
    }

    /// The view this patch makes of `old` (the previous reply); None when a
    /// delta does not fit it (it was made against another view).
    pub fn apply(self, old: Option<&View>) -> Option<View> {
        let d = match self {
            Patch::Whole(v) => return Some(*v),
            Patch::Delta(d) => d,
        };
        let old = old?;
        Some(View {
            args: d.args.apply(&old.args)?,
            instructions: d.instructions.apply(&old.instructions)?,
            findings: d.findings.apply(&old.findings)?,
            stages: d.stages.apply(&old.stages)?,
            layers: d.layers.apply(&old.layers)?,
            image: d.image.apply(&old.image),
            edges: d.edges.apply(&old.edges)?,
            tree: d.tree.apply(&old.tree),
            goals: d.goals.apply(&old.goals),
            analysis_ms: d.analysis_ms,
            text_bytes: d.text_bytes,
        })
    }

    /// [`Patch::apply`] to a view the caller gives up: its lists are
    /// edited in place instead of copied (the page's 5,000-row lists, on
    /// every keystroke).
    pub fn apply_owned(self, old: Option<View>) -> Option<View> {
        let d = match self {
            Patch::Whole(v) => return Some(*v),
            Patch::Delta(d) => d,
        };
        let mut v = old?;
        let d = *d;
        let fits = d.args.apply_in_place(&mut v.args)
            && d.instructions.apply_in_place(&mut v.instructions)
            && d.findings.apply_in_place(&mut v.findings)
            && d.stages.apply_in_place(&mut v.stages)
            && d.layers.apply_in_place(&mut v.layers)
            && d.edges.apply_in_place(&mut v.edges);
        if !fits {
            return None;
        }
        d.image.apply_in_place(&mut v.image);
        d.tree.apply_in_place(&mut v.tree);
        d.goals.apply_in_place(&mut v.goals);
        v.analysis_ms = d.analysis_ms;
        v.text_bytes = d.text_bytes;
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{analyse, Input};

    fn input(text: &str) -> Input {
        Input {
            text: text.into(),
            ..Input::default()
        }
    }

    #[test]
    fn splices_keep_what_is_common_at_both_ends() {
        let s = Splice::between(&[1, 2, 3, 4], &[1, 2, 9, 4]);
        assert_eq!((s.prefix, s.suffix, s.middle.clone()), (2, 1, vec![9]));
        assert_eq!(s.apply(&[1, 2, 3, 4]), Some(vec![1, 2, 9, 4]));
        // Growing, shrinking, repeated items, empty sides.
        for (a, b) in [
            (vec![], vec![1]),
            (vec![1], vec![]),
            (vec![1, 1, 1], vec![1, 1]),
            (vec![1, 2], vec![1, 2, 1, 2]),
            (vec![5, 6, 7], vec![8]),
        ] {
            assert_eq!(
                Splice::between(&a, &b).apply(&a),
                Some(b.clone()),
                "{a:?} → {b:?}"
            );
        }
        // In place, the same lists.
        for (a, b) in [
            (vec![], vec![1]),
            (vec![1], vec![]),
            (vec![1, 2, 3, 4], vec![1, 2, 9, 4]),
            (vec![1, 2], vec![1, 2, 1, 2]),
            (vec![5, 6, 7], vec![8]),
        ] {
            let mut list = a.clone();
            assert!(Splice::between(&a, &b).apply_in_place(&mut list));
            assert_eq!(list, b, "{a:?} → {b:?} in place");
        }
        // A splice that does not fit the list it is applied to.
        assert_eq!(Splice::between(&[1, 2, 3], &[1, 2, 3]).apply(&[1]), None);
        let mut short = vec![1];
        assert!(!Splice::between(&[1, 2, 3], &[1, 2, 3]).apply_in_place(&mut short));
        assert_eq!(short, vec![1]);
        assert!(!Splice::between(&[1, 2, 3], &[9, 2, 3]).apply_in_place(&mut short));
        assert_eq!(short, vec![1]);
    }

    /// Edits of a real file, one after another, as the worker and the page
    /// see them: each delta rebuilds exactly the view, and stays small.
    #[test]
    fn deltas_rebuild_each_view_of_an_edited_file() {
        let texts = [
            "FROM python:3.12-slim AS build\nRUN pip install flask\n",
            "FROM python:3.12-slim AS build\nRUN pip install flask\nFROM alpine\n",
            "FROM python:3.12-slim AS build\nRUN pip install flask gunicorn\nFROM alpine\n",
            "ARG V=3.12\nFROM python:${V}-slim AS build\nRUN pip install flask gunicorn\nFROM alpine\nCOPY --from=build /usr/local /usr/local\n",
            "",
            "FROM alpine\n",
        ];
        let mut sent: Option<View> = None;
        let mut got: Option<View> = None;
        for t in texts {
            let view = analyse(&input(t));
            let patch = Patch::between(sent.as_ref(), &view);
            // Across the wire, as the worker sends it.
            let bytes = borsh::to_vec(&patch).unwrap();
            let patch: Patch = borsh::from_slice(&bytes).unwrap();
            let in_place = patch.clone().apply_owned(got.clone());
            let rebuilt = patch.apply(got.as_ref()).expect("the delta fits");
            assert_eq!(
                serde_json::to_string(&rebuilt).unwrap(),
                serde_json::to_string(&view).unwrap(),
                "{t}"
            );
            assert_eq!(
                serde_json::to_string(&in_place.expect("the delta fits in place")).unwrap(),
                serde_json::to_string(&view).unwrap(),
                "{t}, in place"
            );
            sent = Some(view);
            got = Some(rebuilt);
        }
    }

    #[test]
    fn one_keystroke_in_a_long_file_sends_little() {
        let mut text = String::from("FROM python:3.12-slim\n");
        for i in 0..2000 {
            text.push_str(&format!("RUN echo {i} > /tmp/f{i}\n"));
        }
        let before = analyse(&input(&text));
        text.push('R');
        let after = analyse(&input(&text));
        let whole = borsh::to_vec(&Patch::between(None, &after)).unwrap();
        let delta = borsh::to_vec(&Patch::between(Some(&before), &after)).unwrap();
        assert!(whole.len() > 100_000, "{}", whole.len());
        assert!(
            delta.len() < whole.len() / 20,
            "{} of {}",
            delta.len(),
            whole.len()
        );
    }
}
