//! # layerlab-project
//!
//! A Dockerfile's project as the file system has it, read the same way by
//! the CLI and the language server: the `.layerlab.toml` that applies
//! ([`config`]), the build context directory ([`context`]), and reads that a
//! hostile checkout cannot turn into a hang, a huge allocation or a leak
//! ([`safefs`]). Nothing here prints: notes come back as data for the caller
//! to show (a terminal escapes them, an editor logs them).

pub mod config;
pub mod context;
pub mod safefs;

/// Today's date (UTC) from the system clock, `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_from_clock_is_well_formed() {
        let d = super::today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"));
    }
}
