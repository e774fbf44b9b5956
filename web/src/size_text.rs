//! Sizes in words, the same way on every panel of the page.
//!
//! The analysis marks a size it could not fully see with `complete: false`
//! (the figures are then a lower bound). The page never prints such a size
//! as if it were known:
//!
//! - nothing known (`complete: false`, value 0): `unknown`, never `0 B`;
//! - partly known (`complete: false`, value > 0): `at least 120 MB`, which
//!   is what the CLI writes as `120 MB + unknown` (`Bytes`' `Display` in
//!   `layerlab_analysis::sim::size`);
//! - known: `120 MB`, with the range when it is wide (`120 MB (110 MB–130 MB)`).

use layerlab_analysis::sim::size::human;

use crate::i18n::Lang;

/// `unknown`: a size of which nothing is known.
pub fn unknown(l: Lang) -> &'static str {
    tr!(l, "unknown", "неизвестно", "未知")
}

/// `at least 120 MB`: part of the size is unknown.
pub fn at_least(l: Lang, bytes: u64) -> String {
    let h = human(bytes);
    trf!(l, "at least {h}", "не меньше {h}", "至少 {h}")
}

/// A lower bound or a known value: `unknown`, `at least 120 MB`, `120 MB`.
pub fn bound_text(l: Lang, value: u64, complete: bool) -> String {
    match (complete, value) {
        (false, 0) => unknown(l).to_string(),
        (false, _) => at_least(l, value),
        (true, _) => human(value),
    }
}

/// `120 MB`, `120 MB (110 MB–130 MB)` when the range is wide, `at least 120 MB`
/// (something unknown), `unknown` (nothing known).
pub fn size_text(l: Lang, value: u64, low: u64, high: u64, complete: bool) -> String {
    if !complete {
        bound_text(l, value, complete)
    } else if low != high && high.saturating_sub(low).saturating_mul(20) > value.max(1) {
        format!("{} ({}–{})", human(value), human(low), human(high))
    } else {
        human(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_size_is_never_zero_bytes() {
        for l in Lang::ALL {
            for (low, high) in [(0, 0), (0, 5_000_000)] {
                let t = size_text(l, 0, low, high, false);
                assert_eq!(t, unknown(l));
                assert!(!t.contains("0 B"), "{t}");
            }
            assert_eq!(bound_text(l, 0, false), unknown(l));
        }
        assert_eq!(size_text(Lang::En, 0, 0, 0, false), "unknown");
        assert_eq!(size_text(Lang::Ru, 0, 0, 0, false), "неизвестно");
        assert_eq!(size_text(Lang::Zh, 0, 0, 0, false), "未知");
    }

    #[test]
    fn a_partly_known_size_is_a_lower_bound() {
        assert_eq!(
            size_text(Lang::En, 120_000_000, 110_000_000, 130_000_000, false),
            "at least 120 MB"
        );
        assert_eq!(bound_text(Lang::Ru, 45_000, false), "не меньше 45.0 kB");
        assert_eq!(bound_text(Lang::Zh, 45_000, false), "至少 45.0 kB");
    }

    #[test]
    fn a_known_size_is_its_value_and_a_wide_range() {
        // A known zero (an ENV layer) is 0 B.
        assert_eq!(size_text(Lang::En, 0, 0, 0, true), "0 B");
        assert_eq!(bound_text(Lang::En, 0, true), "0 B");
        assert_eq!(
            size_text(Lang::En, 120_000_000, 119_000_000, 121_000_000, true),
            "120 MB"
        );
        assert_eq!(
            size_text(Lang::En, 120_000_000, 100_000_000, 140_000_000, true),
            "120 MB (100 MB–140 MB)"
        );
        assert_eq!(size_text(Lang::En, 0, 0, 1000, true), "0 B (0 B–1.0 kB)");
    }
}
