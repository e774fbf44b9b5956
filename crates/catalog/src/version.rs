//! Dotted version numbers compared numerically (`3.10` > `3.9`), the one
//! comparator the catalogue and the analysis share.

use std::cmp::Ordering;

/// The numeric parts of a dotted version; a part's non-digit tail is ignored
/// (`2rc1` → 2), a part without digits is 0.
pub fn version_key(v: &str) -> Vec<u32> {
    v.trim().split('.').map(part_value).collect()
}

/// The number a dotted part stands for in [`version_key`].
fn part_value(p: &str) -> u32 {
    let digits = p.len() - p.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    p[..digits].parse().unwrap_or(0)
}

/// Compares two versions part by part, missing parts as 0 (`2.0` == `2`):
/// [`version_key`]s compared, without building them (the pip step compares
/// every measured row's version).
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.trim().split('.'), b.trim().split('.'));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (p, q) => {
                let o = p.map_or(0, part_value).cmp(&q.map_or(0, part_value));
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_padded() {
        assert_eq!(version_cmp("3.10", "3.9"), Ordering::Greater);
        assert_eq!(version_cmp("2.0", "2"), Ordering::Equal);
        assert_eq!(version_key(" 1.2rc1 "), vec![1, 2]);
    }

    /// `version_cmp` is `version_key`s compared with missing parts as 0.
    #[test]
    fn cmp_equals_the_keys_compared() {
        let vs = [
            "",
            "0",
            "1",
            "1.0",
            "1.0.0",
            "1.2",
            "1.10",
            "1.9.9",
            "2rc1",
            "2.0a",
            " 3.12 ",
            "3.12.1",
            "10",
            "x.1",
            "1..2",
            "1.2.",
            "99999999999",
            "4294967295",
            "1.2.3.4.5",
        ];
        for a in vs {
            for b in vs {
                let (mut x, mut y) = (version_key(a), version_key(b));
                let n = x.len().max(y.len());
                x.resize(n, 0);
                y.resize(n, 0);
                assert_eq!(version_cmp(a, b), x.cmp(&y), "{a:?} vs {b:?}");
            }
        }
    }
}
