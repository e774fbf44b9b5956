//! Dotted version numbers compared numerically (`3.10` > `3.9`), the one
//! comparator the catalogue and the analysis share.

use std::cmp::Ordering;

/// The numeric parts of a dotted version; a part's non-digit tail is ignored
/// (`2rc1` → 2), a part without digits is 0.
pub fn version_key(v: &str) -> Vec<u32> {
    v.trim()
        .split('.')
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect()
}

/// Compares two versions part by part, missing parts as 0 (`2.0` == `2`).
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (version_key(a), version_key(b));
    let n = x.len().max(y.len());
    x.resize(n, 0);
    y.resize(n, 0);
    x.cmp(&y)
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
}
