//! PEP 503 name normalisation, the one the tables are generated with
//! (`build.rs` includes this file) and the one lookups use.

/// PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become one `-`.
/// (Distribution names are ASCII; other characters are kept as they are.)
pub fn pep503_normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if c == '-' || c == '_' || c == '.' {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}
