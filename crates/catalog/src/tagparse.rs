//! Splitting an official-image tag (`3.12.14-slim-trixie`, `24-bookworm-slim`,
//! `1.27-alpine3.24`, `3.15-rc-windowsservercore-ltsc2025`) into its version,
//! variant and distro parts.
//!
//! This file is shared with `build.rs` (through `#[path]`), which uses it to
//! precompute each tag group's variant, so the generated tables and the
//! run-time lookups split tags the same way. It must only use `std`.

/// What kind of release a distro token names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DistroToken {
    /// A Debian codename (`bookworm`, `trixie`, …).
    Debian,
    /// `alpineX.Y`.
    Alpine,
    /// An Ubuntu codename (`jammy`, `noble`, …).
    Ubuntu,
    /// A Windows Server release (`ltsc2022`).
    Windows,
    /// Red Hat Universal Base Image (`ubi9`).
    Ubi,
}

/// Debian codenames that appear in official-image tags, oldest first.
pub const DEBIAN_CODENAMES: &[&str] = &[
    "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "sid",
];

/// Ubuntu codenames that appear in official-image tags or directories.
pub const UBUNTU_CODENAMES: &[&str] = &[
    "xenial", "bionic", "focal", "jammy", "noble", "plucky", "questing", "resolute", "stonking",
];

/// Classifies one `-`-separated token of a tag or directory.
pub fn distro_token(tok: &str) -> Option<DistroToken> {
    if DEBIAN_CODENAMES.contains(&tok) {
        return Some(DistroToken::Debian);
    }
    if UBUNTU_CODENAMES.contains(&tok) {
        return Some(DistroToken::Ubuntu);
    }
    if let Some(rest) = tok.strip_prefix("alpine") {
        if is_dotted_number(rest) {
            return Some(DistroToken::Alpine);
        }
    }
    if let Some(rest) = tok.strip_prefix("ltsc") {
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
            return Some(DistroToken::Windows);
        }
    }
    if let Some(rest) = tok.strip_prefix("ubi") {
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
            return Some(DistroToken::Ubi);
        }
    }
    None
}

/// How many version components make an image's version line: python
/// `3.12`, golang `1.27`, alpine `3.24` (2); node `24`, postgres `18`,
/// rust `1`, eclipse-temurin `21`, debian `12` (1).
pub fn line_components(image: &str) -> usize {
    match image {
        "node" | "postgres" | "rust" | "eclipse-temurin" | "debian" => 1,
        _ => 2,
    }
}

/// A numeric tag version usable as a block's version: not a date like
/// `20260805` (alpine's edge snapshots).
pub fn is_version_candidate(p: &TagParts<'_>) -> bool {
    !p.version.is_empty() && p.version.split('.').next().is_some_and(|c| c.len() <= 4)
}

/// The first `n` dot-components of a version, without a pre-release marker:
/// `version_line("3.15.0rc1", 2)` = `3.15`, `version_line("24.19.0", 1)` = `24`.
pub fn version_line(version: &str, n: usize) -> &str {
    let mut end = 0;
    for (i, comp) in version.split('.').enumerate() {
        if i == n {
            break;
        }
        let digits = comp.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        end += if i == 0 { 0 } else { 1 } + digits;
        if digits < comp.len() {
            break;
        }
    }
    &version[..end]
}

/// `3`, `3.12`, `3.12.14`: digits separated by single dots.
pub fn is_dotted_number(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A tag split into parts. All strings borrow from the tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagParts<'a> {
    /// The leading version (`3.12.14`, `3.15.0rc1`, `24`); empty if the tag
    /// does not start with a digit (`latest`, `slim`, `lts-alpine`).
    pub version: &'a str,
    /// The tag names a pre-release (`3.15-rc-…`, `3.15.0rc1`, `3.12.0a4`).
    pub prerelease: bool,
    /// The remaining tokens, in order, minus the distro release. An
    /// `alpineX.Y` token contributes `alpine` here *and* is the distro.
    pub variant: Vec<&'a str>,
    /// The distro release token (`trixie`, `alpine3.24`, `ltsc2022`), if any.
    pub distro: Option<&'a str>,
}

impl<'a> TagParts<'a> {
    /// The variant tokens sorted and joined with `-`, so that `bookworm-slim`
    /// (node) and `slim-bookworm` (python) have the same key `slim`.
    pub fn variant_key(&self) -> String {
        let mut v: Vec<&str> = self.variant.clone();
        layerlab_sort::sort(&mut v);
        v.join("-")
    }

    /// The text after the version (and `-rc`), as written: `slim-bookworm`.
    pub fn suffix(tag: &'a str) -> &'a str {
        let parts = split_tag(tag);
        let rest = &tag[parts.version.len()..];
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        let rest = rest
            .strip_prefix("rc-")
            .unwrap_or(if rest == "rc" { "" } else { rest });
        rest
    }

    /// Number of dot-separated components of the version (`3.12.14` → 3).
    pub fn version_components(&self) -> usize {
        if self.version.is_empty() {
            0
        } else {
            self.version.split('.').count()
        }
    }
}

/// Splits a tag. Never fails: unknown tokens end up in `variant`.
pub fn split_tag(tag: &str) -> TagParts<'_> {
    let bytes = tag.as_bytes();
    let mut end = 0;
    if bytes.first().is_some_and(|b| b.is_ascii_digit()) {
        // digits and dots
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            end += 1;
        }
        // a trailing dot is not part of the version
        while end > 0 && bytes[end - 1] == b'.' {
            end -= 1;
        }
        // a PEP 440 pre-release marker: a1, b2, rc1
        let rest = &tag[end..];
        for marker in ["rc", "a", "b"] {
            if let Some(after) = rest.strip_prefix(marker) {
                let digits = after.bytes().take_while(|b| b.is_ascii_digit()).count();
                let next = after.as_bytes().get(digits);
                if digits > 0 && (next.is_none() || next == Some(&b'-')) {
                    end += marker.len() + digits;
                    break;
                }
            }
        }
        // the version must end at a token boundary
        if end < bytes.len() && bytes[end] != b'-' {
            end = 0;
        }
    }
    let version = &tag[..end];
    let mut prerelease = version.contains(['a', 'b', 'r']);
    let mut variant = Vec::new();
    let mut distro = None;
    let rest = &tag[end..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    if !rest.is_empty() {
        for tok in rest.split('-') {
            if tok == "rc" && !version.is_empty() {
                prerelease = true;
                continue;
            }
            match distro_token(tok) {
                Some(DistroToken::Alpine) => {
                    variant.push("alpine");
                    distro = Some(tok);
                }
                Some(_) if distro.is_none() => distro = Some(tok),
                _ => variant.push(tok),
            }
        }
    }
    TagParts {
        version,
        prerelease,
        variant,
        distro,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_common_tags() {
        let p = split_tag("3.12.14-slim-trixie");
        assert_eq!(
            (p.version, p.prerelease, p.variant_key(), p.distro),
            ("3.12.14", false, "slim".into(), Some("trixie"))
        );
        let p = split_tag("24-bookworm-slim");
        assert_eq!(
            (p.version, p.variant_key(), p.distro),
            ("24", "slim".into(), Some("bookworm"))
        );
        let p = split_tag("1.27-alpine3.24");
        assert_eq!(
            (p.version, p.variant_key(), p.distro),
            ("1.27", "alpine".into(), Some("alpine3.24"))
        );
        let p = split_tag("3.15-rc-windowsservercore-ltsc2025");
        assert_eq!(
            (p.version, p.prerelease, p.variant_key(), p.distro),
            ("3.15", true, "windowsservercore".into(), Some("ltsc2025"))
        );
        let p = split_tag("3.15.0rc1");
        assert_eq!((p.version, p.prerelease), ("3.15.0rc1", true));
        let p = split_tag("latest");
        assert_eq!(
            (p.version, p.variant_key(), p.distro),
            ("", "latest".into(), None)
        );
        let p = split_tag("3.12");
        assert_eq!(
            (p.version, p.variant_key(), p.distro),
            ("3.12", "".into(), None)
        );
        assert_eq!(TagParts::suffix("3.12-rc-slim-buster"), "slim-buster");
        assert_eq!(TagParts::suffix("3.12"), "");
        assert_eq!(TagParts::suffix("3.9.16-slim-buster"), "slim-buster");
        assert_eq!(version_line("3.15.0rc1", 2), "3.15");
        assert_eq!(version_line("3.15.0rc1", 3), "3.15.0");
        assert_eq!(version_line("24.19.0", 1), "24");
        assert_eq!(version_line("3.12a1", 2), "3.12");
        assert_eq!(version_line("", 2), "");
    }
}
