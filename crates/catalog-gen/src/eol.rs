//! `eol.csv`: end-of-life dates.

use crate::lit::*;
use crate::table::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

pub(crate) fn gen_eol(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "eol.csv",
        &[
            "product",
            "cycle",
            "codename",
            "release_date",
            "eol_date",
            "lts_or_extended_end",
            "active_support_end",
            "status_in_source",
            "eol_date_precision",
            "source",
            "source_snapshot_date",
        ],
    );
    out.push_str("/// `eol.csv`, in file order.\npub static EOL: &[EolRow] = &[\n");
    let mut seen = BTreeSet::new();
    for r in rows(&t) {
        let product = r.req("product");
        let cycle = r.req("cycle");
        if !seen.insert((product, cycle)) {
            fail(t.file, r.line, &format!("duplicate {product} {cycle}"));
        }
        let eol = r.opt_date("eol_date");
        let prec = r.req("eol_date_precision");
        let precision = match prec {
            "day" => "Day",
            p if p.starts_with("month") => "Month",
            _ => r.bad("eol_date_precision", "is not `day` or `month …`"),
        };
        if let Some(e) = eol {
            if (e.2 == 0) != (precision == "Month") {
                r.bad("eol_date_precision", "does not match the eol_date given");
            }
        }
        let snapshot = r.date("source_snapshot_date");
        let planned = prec.contains("planned") || eol.is_some_and(|e| e > snapshot);
        // `2026-10-07 (planned)` in active_support_end
        let active = r.opt("active_support_end").map(|a| {
            parse_date(a.split_whitespace().next().unwrap_or(""))
                .unwrap_or_else(|| r.bad("active_support_end", "does not start with a date"))
        });
        let _ = writeln!(
            out,
            "    EolRow {{ product: {}, cycle: {}, codename: {}, release: {}, eol: {}, extended_end: {}, active_support_end: {}, status_in_source: {}, eol_precision: Precision::{precision}, planned: {planned}, source: {} }},",
            lit(product),
            lit(cycle),
            opt_lit(r.opt("codename")),
            opt_date_lit(r.opt_date("release_date")),
            opt_date_lit(eol),
            opt_date_lit(r.opt_date("lts_or_extended_end")),
            opt_date_lit(active),
            lit(r.s("status_in_source")),
            source_lit("eol.csv", r.req("source"), snapshot),
        );
    }
    out.push_str("];\n\n");
}
