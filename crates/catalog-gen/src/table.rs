//! Reading the CSV tables: rows by column name, typed values that fail the
//! build clearly (file, line, column), and dates.

use std::path::Path;

pub(crate) fn fail(file: &str, line: usize, msg: &str) -> ! {
    if line > 0 {
        panic!("\n\nlayerlab-catalog: malformed data file data/{file}, line {line}: {msg}\n\n");
    } else {
        panic!("\n\nlayerlab-catalog: data/{file}: {msg}\n\n");
    }
}

/// A CSV table with its header, read with the `csv` crate.
pub(crate) struct Table {
    pub(crate) file: &'static str,
    headers: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    pub(crate) fn read(dir: &Path, file: &'static str, required: &[&str]) -> Table {
        let path = dir.join(file);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_path(&path)
            .unwrap_or_else(|e| fail(file, 0, &format!("cannot open: {e}")));
        let headers: Vec<String> = rdr
            .headers()
            .unwrap_or_else(|e| fail(file, 1, &format!("bad header: {e}")))
            .iter()
            .map(str::to_owned)
            .collect();
        for r in required {
            if !headers.iter().any(|h| h == r) {
                fail(
                    file,
                    1,
                    &format!("missing column `{r}` (have: {})", headers.join(", ")),
                );
            }
        }
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.unwrap_or_else(|e| {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                fail(file, line, &format!("{e}"))
            });
            let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
            rows.push((line, rec.iter().map(str::to_owned).collect()));
        }
        if rows.is_empty() {
            fail(file, 0, "no rows");
        }
        Table {
            file,
            headers,
            rows,
        }
    }

    /// Whether the table has column `name`.
    pub(crate) fn has_col(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }

    pub(crate) fn col(&self, name: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| fail(self.file, 1, &format!("no column {name}")))
    }
}

/// One row with access by column name and typed parsers that fail clearly.
pub(crate) struct Row<'a> {
    t: &'a Table,
    pub(crate) line: usize,
    v: &'a [String],
}

impl<'a> Row<'a> {
    /// The file the row is in.
    pub(crate) fn file(&self) -> &'static str {
        self.t.file
    }
    pub(crate) fn s(&self, col: &str) -> &'a str {
        self.v[self.t.col(col)].as_str()
    }
    pub(crate) fn opt(&self, col: &str) -> Option<&'a str> {
        let s = self.s(col).trim();
        if s.is_empty() {
            None
        } else {
            Some(s)
        }
    }
    pub(crate) fn req(&self, col: &str) -> &'a str {
        self.opt(col).unwrap_or_else(|| self.bad(col, "is empty"))
    }
    pub(crate) fn bad(&self, col: &str, what: &str) -> ! {
        fail(
            self.t.file,
            self.line,
            &format!("column `{col}` {what} (value: {:?})", self.s(col)),
        )
    }
    pub(crate) fn u64(&self, col: &str) -> u64 {
        self.req(col)
            .parse()
            .unwrap_or_else(|_| self.bad(col, "is not a non-negative integer"))
    }
    pub(crate) fn opt_u64(&self, col: &str) -> Option<u64> {
        self.opt(col).map(|s| {
            s.parse()
                .unwrap_or_else(|_| self.bad(col, "is not a non-negative integer"))
        })
    }
    pub(crate) fn date(&self, col: &str) -> Date {
        parse_date(self.req(col))
            .unwrap_or_else(|| self.bad(col, "is not a date (YYYY-MM-DD or YYYY-MM)"))
    }
    /// What a row's optional `tier` column puts before the row's Rust
    /// literal: nothing for tier 1 (or no column: the row is embedded
    /// everywhere); for tier 2, the long tail, an attribute that keeps the
    /// row only with the catalogue's `long-tail` feature (the CLI has it;
    /// the page's WebAssembly leaves the long tail out to stay small).
    pub(crate) fn tier_attr(&self) -> &'static str {
        if !self.t.has_col("tier") {
            return "";
        }
        match self.opt("tier") {
            None | Some("1") => "",
            Some("2") => "#[cfg(feature = \"long-tail\")] ",
            Some(_) => self.bad("tier", "is not 1 or 2"),
        }
    }
    pub(crate) fn opt_date(&self, col: &str) -> Option<Date> {
        self.opt(col).map(|s| {
            parse_date(s).unwrap_or_else(|| self.bad(col, "is not a date (YYYY-MM-DD or YYYY-MM)"))
        })
    }
}

pub(crate) fn rows(t: &Table) -> impl Iterator<Item = Row<'_>> {
    t.rows
        .iter()
        .map(move |(line, v)| Row { t, line: *line, v })
}

/// A date as the generator sees it: year, month, day (0 = unknown).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) struct Date(pub(crate) u16, pub(crate) u8, pub(crate) u8);

pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let p = s.get(r)?;
        if p.bytes().all(|c| c.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let y = digits(0..4)?;
    if b.get(4) != Some(&b'-') {
        return None;
    }
    let m = digits(5..7)?;
    if !(1..=12).contains(&m) {
        return None;
    }
    if s.len() == 7 {
        return Some(Date(y as u16, m as u8, 0));
    }
    if b.get(7) != Some(&b'-') || s.len() != 10 {
        return None;
    }
    let d = digits(8..10)?;
    let max = match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    };
    if !(1..=max).contains(&d) {
        return None;
    }
    Some(Date(y as u16, m as u8, d as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CSV file in a fresh temporary directory.
    fn csv_dir(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "layerlab-catalog-gen-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.csv"), text).unwrap();
        dir
    }

    fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let e = std::panic::catch_unwind(f).expect_err("it fails");
        e.downcast_ref::<String>().cloned().unwrap_or_default()
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_date("2024-02-29"), Some(Date(2024, 2, 29)));
        assert_eq!(parse_date("2024-02"), Some(Date(2024, 2, 0)));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "2024-01-1",
            "24-01-01",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn rows_read_typed_values() {
        let dir = csv_dir("rows", "name,size,when\na,12,2024-05-01\nb,,2024-05\n");
        let t = Table::read(&dir, "t.csv", &["name", "size"]);
        let r: Vec<Row> = rows(&t).collect();
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].req("name"), r[0].u64("size"), r[0].line),
            ("a", 12, 2)
        );
        assert_eq!(r[1].opt_u64("size"), None);
        assert_eq!(r[1].date("when"), Date(2024, 5, 0));
        assert_eq!(r[1].file(), "t.csv");
    }

    #[test]
    fn malformed_values_name_file_line_and_column() {
        let dir = csv_dir("bad", "name,size\na,twelve\n");
        let msg = panic_message(|| {
            let t = Table::read(&dir, "t.csv", &["name"]);
            rows(&t).for_each(|r| {
                r.u64("size");
            });
        });
        assert!(msg.contains("data/t.csv, line 2"), "{msg}");
        assert!(
            msg.contains("column `size` is not a non-negative integer"),
            "{msg}"
        );
        let msg = panic_message(|| {
            Table::read(&dir, "t.csv", &["name", "weight"]);
        });
        assert!(msg.contains("missing column `weight`"), "{msg}");
    }
}

#[cfg(test)]
mod tier_tests {
    use super::*;

    fn table(csv: &str) -> (tempdir::Dir, Table) {
        let dir = tempdir::Dir::new();
        std::fs::write(dir.0.join("t.csv"), csv).unwrap();
        let t = Table::read(&dir.0, "t.csv", &["name"]);
        (dir, t)
    }

    /// A scratch directory removed on drop (no dependency for one test).
    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                let p = std::env::temp_dir().join(format!(
                    "layerlab-catalog-gen-{}-{:?}",
                    std::process::id(),
                    std::thread::current().id()
                ));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                std::fs::remove_dir_all(&self.0).ok();
            }
        }
    }

    #[test]
    fn tier_two_rows_exist_only_with_the_long_tail_feature() {
        let (_d, t) = table("name,tier\na,1\nb,2\nc,\n");
        let attrs: Vec<&str> = rows(&t).map(|r| r.tier_attr()).collect();
        assert_eq!(attrs, ["", "#[cfg(feature = \"long-tail\")] ", ""]);
        let (_d2, t) = table("name\na\n");
        assert!(!t.has_col("tier"));
        assert_eq!(rows(&t).next().unwrap().tier_attr(), "");
    }
}
