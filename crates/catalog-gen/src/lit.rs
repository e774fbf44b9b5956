//! Rust literals for the generated tables.

use crate::table::Date;

pub(crate) fn date_lit(d: Date) -> String {
    if d.2 == 0 {
        format!("Date::ym({}, {})", d.0, d.1)
    } else {
        format!("Date::ymd({}, {}, {})", d.0, d.1, d.2)
    }
}

pub(crate) fn opt_date_lit(d: Option<Date>) -> String {
    d.map_or("None".into(), |d| format!("Some({})", date_lit(d)))
}

pub(crate) fn lit(s: &str) -> String {
    format!("{s:?}")
}

pub(crate) fn opt_lit(s: Option<&str>) -> String {
    s.map_or("None".into(), |s| format!("Some({s:?})"))
}

pub(crate) fn opt_num<T: std::fmt::Display>(n: Option<T>) -> String {
    n.map_or("None".into(), |n| format!("Some({n})"))
}

pub(crate) fn source_lit(table: &str, detail: &str, date: Date) -> String {
    format!(
        "Source {{ table: {}, detail: {}, date: {} }}",
        lit(table),
        lit(detail),
        date_lit(date)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_rust() {
        assert_eq!(lit("a\"b\\"), r#""a\"b\\""#);
        assert_eq!(opt_lit(None), "None");
        assert_eq!(opt_lit(Some("x")), "Some(\"x\")");
        assert_eq!(opt_num(Some(3u8)), "Some(3)");
        assert_eq!(date_lit(Date(2024, 5, 0)), "Date::ym(2024, 5)");
        assert_eq!(
            opt_date_lit(Some(Date(2024, 5, 7))),
            "Some(Date::ymd(2024, 5, 7))"
        );
        assert_eq!(
            source_lit("t.csv", "d", Date(2024, 5, 7)),
            "Source { table: \"t.csv\", detail: \"d\", date: Date::ymd(2024, 5, 7) }"
        );
    }
}
