//! Byte estimates: a value with a range, and whether every part was known.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign};

/// An estimated number of bytes: `value` is the best guess, `low..=high` the
/// range it may fall in. `complete` is false when some part of the total is
/// unknown (an image not in the tables, a file not in the build context), in
/// which case the figures are a lower bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Bytes {
    pub value: u64,
    pub low: u64,
    pub high: u64,
    pub complete: bool,
}

impl Default for Bytes {
    fn default() -> Self {
        Bytes::ZERO
    }
}

impl Bytes {
    pub const ZERO: Bytes = Bytes {
        value: 0,
        low: 0,
        high: 0,
        complete: true,
    };
    /// Nothing is known: zero, flagged incomplete.
    pub const UNKNOWN: Bytes = Bytes {
        value: 0,
        low: 0,
        high: 0,
        complete: false,
    };

    pub const fn exact(n: u64) -> Bytes {
        Bytes {
            value: n,
            low: n,
            high: n,
            complete: true,
        }
    }

    pub fn range(value: u64, low: u64, high: u64) -> Bytes {
        Bytes {
            value,
            low: low.min(value),
            high: high.max(value),
            complete: true,
        }
    }

    /// `value` with a symmetric relative uncertainty (0.2 = ±20%).
    pub fn about(value: u64, rel: f64) -> Bytes {
        let d = (value as f64 * rel).round() as u64;
        Bytes::range(value, value.saturating_sub(d), value + d)
    }

    pub fn is_zero(&self) -> bool {
        self.high == 0
    }

    pub fn is_exact(&self) -> bool {
        self.low == self.high && self.complete
    }

    pub fn incomplete(mut self) -> Bytes {
        self.complete = false;
        self
    }

    pub fn scale(self, f: f64) -> Bytes {
        let s = |x: u64| (x as f64 * f).round() as u64;
        Bytes {
            value: s(self.value),
            low: s(self.low),
            high: s(self.high),
            complete: self.complete,
        }
    }

    pub fn saturating_sub(self, o: Bytes) -> Bytes {
        Bytes {
            value: self.value.saturating_sub(o.value),
            low: self.low.saturating_sub(o.high),
            high: self.high.saturating_sub(o.low),
            complete: self.complete && o.complete,
        }
    }
}

impl Add for Bytes {
    type Output = Bytes;
    fn add(self, o: Bytes) -> Bytes {
        Bytes {
            value: self.value.saturating_add(o.value),
            low: self.low.saturating_add(o.low),
            high: self.high.saturating_add(o.high),
            complete: self.complete && o.complete,
        }
    }
}

impl AddAssign for Bytes {
    fn add_assign(&mut self, o: Bytes) {
        *self = *self + o;
    }
}

impl std::iter::Sum for Bytes {
    fn sum<I: Iterator<Item = Bytes>>(iter: I) -> Bytes {
        iter.fold(Bytes::ZERO, |a, b| a + b)
    }
}

/// A size for people with its range, `+ unknown` when part of it is not
/// known (`unknown` when nothing is): `12 MB (10 MB–14 MB) + unknown`. The
/// CLI's tables and the language server's hovers and hints say it this way.
pub fn range_text(value: u64, low: u64, high: u64, complete: bool) -> String {
    let mut s = if !complete && high == 0 {
        "unknown".to_string()
    } else {
        human(value)
    };
    if low != high && (complete || high > 0) {
        s.push_str(&format!(" ({}–{})", human(low), human(high)));
    }
    if !complete && high > 0 {
        s.push_str(" + unknown");
    }
    s
}

/// `12.3 MB` (decimal units, as `docker images` prints them).
pub fn human(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else if v >= 100.0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

impl std::fmt::Display for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.complete && self.high == 0 {
            return f.write_str("unknown");
        }
        f.write_str(&human(self.value))?;
        if self.low != self.high {
            write!(f, " ({}–{})", human(self.low), human(self.high))?;
        }
        if !self.complete {
            f.write_str(" + unknown")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_and_display() {
        let a = Bytes::exact(1_000_000) + Bytes::range(2_000_000, 1_500_000, 3_000_000);
        assert_eq!((a.value, a.low, a.high), (3_000_000, 2_500_000, 4_000_000));
        assert_eq!(a.to_string(), "3.0 MB (2.5 MB–4.0 MB)");
        assert_eq!(Bytes::UNKNOWN.to_string(), "unknown");
        assert_eq!(
            (Bytes::exact(5) + Bytes::UNKNOWN).to_string(),
            "5 B + unknown"
        );
        assert_eq!(human(98_700_000), "98.7 MB");
        assert_eq!(human(958_000_000), "958 MB");
    }
}
