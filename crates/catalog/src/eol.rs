//! End-of-life lookups over `eol.csv`.

use crate::{Date, DateOrder, EolRow, EOL};

/// Looks up a release cycle: `eol("python", "3.12")`, `eol("debian", "12")`,
/// `eol("alpine", "3.24")`, `eol("ubuntu", "24.04")`, `eol("nodejs", "24")`,
/// `eol("go", "1.26")`. Products are those of `eol.csv`; `node`/`golang`
/// are accepted as aliases of `nodejs`/`go`.
pub fn eol(product: &str, cycle: &str) -> Option<&'static EolRow> {
    let product = match product {
        "node" => "nodejs",
        "golang" => "go",
        p => p,
    };
    EOL.iter()
        .find(|r| r.product == product && r.cycle == cycle)
}

/// All cycles of a product, in the table's order (oldest first).
pub fn eol_cycles(product: &str) -> impl Iterator<Item = &'static EolRow> + '_ {
    EOL.iter().filter(move |r| r.product == product)
}

/// Where a release cycle stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    /// Supported. `until` is the (possibly planned) end date, or None when the
    /// source gives none (Go: until two newer releases exist).
    Supported {
        /// The end of life, if known.
        until: Option<Date>,
    },
    /// The end of life is known only to the month, and that month is now.
    EndsThisMonth {
        /// The month.
        month: Date,
    },
    /// Regular support ended, but an extended programme (Debian LTS, Ubuntu
    /// ESM) still runs.
    Extended {
        /// When regular (security) support ended.
        eol: Date,
        /// When extended support ends.
        until: Date,
    },
    /// Ended.
    Ended {
        /// The end-of-life date (the extended end where there was one).
        on: Date,
    },
}

impl Support {
    /// Ended, with no extended support left.
    pub fn is_ended(self) -> bool {
        matches!(self, Support::Ended { .. })
    }
}

/// A cycle's end-of-life row and what it means on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EolStatus {
    /// The row (dates, precision, planned flag, source).
    pub row: &'static EolRow,
    /// The state on `today`.
    pub support: Support,
    /// The day it was evaluated for.
    pub today: Date,
}

impl EolRow {
    /// Where this cycle stands on `today`.
    pub fn status(&'static self, today: Date) -> EolStatus {
        let passed = |d: Date| matches!(d.compare(today), DateOrder::Before);
        let support = match self.eol {
            None => Support::Supported { until: None },
            Some(e) => match e.compare(today) {
                DateOrder::SameMonth => Support::EndsThisMonth { month: e },
                DateOrder::Before => match self.extended_end {
                    Some(x) if !passed(x) => Support::Extended { eol: e, until: x },
                    Some(x) => Support::Ended { on: x },
                    None => Support::Ended { on: e },
                },
                DateOrder::Same | DateOrder::After => Support::Supported { until: Some(e) },
            },
        };
        EolStatus {
            row: self,
            support,
            today,
        }
    }
}
