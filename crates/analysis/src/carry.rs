//! Values one analysis computes and the next analysis of the same file may
//! take again ([`crate::Analyzer`]): the RUNs' split commands and the
//! scripts' parses. Each kind lives in its own thread-local during one
//! analysis (`begin_*` / `end_*` in `rules::_shared_instr` and `shell`);
//! this is the part they share.
//!
//! Invariant: a value is taken only under the key that decides it, so an
//! analysis that takes one gets what computing it again would give.

use std::collections::HashMap;
use std::hash::Hash;

/// The previous analysis' values, and this analysis' when they are kept.
pub struct Carried<K, V> {
    /// The previous analysis' values, taken as they are asked for.
    kept: HashMap<K, V>,
    /// This analysis' values, when they are kept for the next.
    next: Option<HashMap<K, V>>,
}

impl<K, V> Default for Carried<K, V> {
    fn default() -> Self {
        Carried {
            kept: HashMap::new(),
            next: None,
        }
    }
}

impl<K: Hash + Eq, V: Clone> Carried<K, V> {
    /// Starts from `kept`; with `keep`, this analysis' values are collected.
    pub fn new(kept: HashMap<K, V>, keep: bool) -> Self {
        Carried {
            kept,
            next: keep.then(HashMap::new),
        }
    }

    /// Whether this analysis' values are collected (keys worth computing).
    pub fn keeping(&self) -> bool {
        self.next.is_some()
    }

    /// A value this analysis already collected under `key`.
    pub fn collected<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.next.as_ref()?.get(key).cloned()
    }

    /// The value under `key`: the previous analysis', or `compute`'s; kept
    /// for the next analysis when collecting.
    pub fn get_or(&mut self, key: Option<K>, compute: impl FnOnce() -> V) -> V {
        let value = key
            .as_ref()
            .and_then(|k| self.kept.remove(k))
            .unwrap_or_else(compute);
        if let (Some(next), Some(k)) = (self.next.as_mut(), key) {
            next.insert(k, value.clone());
        }
        value
    }

    /// This analysis' values (empty unless kept).
    pub fn finish(self) -> HashMap<K, V> {
        self.next.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_previous_value_and_keeps_what_it_gives() {
        let mut c = Carried::new(HashMap::from([("a", 1)]), true);
        assert_eq!(c.get_or(Some("a"), || 9), 1, "the previous analysis'");
        assert_eq!(c.get_or(Some("b"), || 2), 2, "computed");
        assert_eq!(c.collected("b"), Some(2));
        assert_eq!(c.finish(), HashMap::from([("a", 1), ("b", 2)]));
        let mut off = Carried::new(HashMap::from([("a", 1)]), false);
        assert!(!off.keeping());
        assert_eq!(off.get_or(None, || 3), 3, "no key: computed");
        assert!(off.finish().is_empty());
    }
}
