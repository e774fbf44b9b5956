//! Stable sorts whose algorithm is compiled once for the whole program.
//!
//! `slice::sort_by` is generic over the element and the comparison, so each
//! call site with its own closure gets its own copy of std's driftsort: in
//! the page's WebAssembly 28 copies were 114 KB before compression
//! (BENCHMARKS.md, "Module size after issue 14"). These functions sort a
//! list of indices with std's stable sort through one `dyn` comparison, then
//! move the elements into that order: per call site only a small wrapper
//! remains. The result is exactly std's stable sort's (equal elements keep
//! their order; tested against it).
//!
//! Depends on nothing. Invariant: every function here leaves the slice a
//! permutation of itself, sorted stably by the given order.

use std::cmp::Ordering;

/// Sorts `v` stably by `compare` (as `v.sort_by(compare)`).
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    }
    permute(v, &mut order);
}

/// Sorts `v` stably by the key `key` gives (as `v.sort_by_key(key)`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably by a key computed once per element (as
/// `v.sort_by_cached_key(key)`).
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| keys[a].cmp(&keys[b]));
    permute(v, &mut order);
}

/// Sorts `v` stably in ascending order (as `v.sort()`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one instance of std's stable sort: indices, compared through `dyn`.
#[inline(never)]
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Puts `v` in `order` (`order[i]` is the index in `v` of the element that
/// goes to position `i`), following each cycle of the permutation with
/// swaps; `order` is used up.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same result as std's stable sort, equal keys in their order.
        #[test]
        fn as_std_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..300)) {
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            sort_by_key(&mut got, |p| p.0);
            prop_assert_eq!(&got, &want);
            let mut cached = v.clone();
            sort_by_cached_key(&mut cached, |p| p.0);
            prop_assert_eq!(&cached, &want);
            let mut full = v.clone();
            sort(&mut full);
            let mut full_want = v;
            full_want.sort();
            prop_assert_eq!(full, full_want);
        }
    }

    #[test]
    fn strings_and_reversed_orders() {
        let mut v: Vec<String> = ["b", "a", "c", "a"].map(String::from).to_vec();
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, ["c", "b", "a", "a"]);
        let mut one = vec![1];
        sort(&mut one);
        assert_eq!(one, [1]);
    }
}
