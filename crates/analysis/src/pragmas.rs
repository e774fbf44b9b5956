//! In-file suppressions, applied to the findings after the rules ran:
//!
//! - `# hadolint ignore=DL3008,DL3015` and `# layerlab ignore=<id>[,<id>]` on
//!   the comment lines directly above an instruction (no blank line between)
//!   drop the matching findings that start inside that instruction;
//! - `# hadolint global ignore=…` and `# layerlab global ignore=…`, anywhere,
//!   drop them in the whole file;
//! - BuildKit's `# check=skip=A,B;error=true` parser directive: `skip` drops
//!   the findings of rules with those BuildKit check names (`skip=all`: every
//!   rule that has a BuildKit name), `error=true` makes the remaining
//!   BuildKit-check findings errors, as BuildKit fails the build on them.
//!
//! A code matches a finding when it is the finding's rule id, or one of the
//! rule's hadolint codes, or its BuildKit check name ([`crate::rules::Meta`]).

use crate::rules::Meta;
use crate::Finding;
use layerlab_syntax::{Dockerfile, Item, Severity, Span};

/// The rule's metadata, by id.
fn meta(id: &str) -> Option<Meta> {
    crate::rules::rule(id).map(|r| r.meta())
}

/// True when `code` (rule id, hadolint code or BuildKit check name, compared
/// without regard to ASCII case) names the rule `rule`.
pub fn code_matches(rule: &str, code: &str) -> bool {
    let code = code.trim();
    if code.eq_ignore_ascii_case(rule) {
        return true;
    }
    match meta(rule) {
        Some(m) => {
            m.hadolint.iter().any(|h| h.eq_ignore_ascii_case(code))
                || m.buildkit.is_some_and(|b| b.eq_ignore_ascii_case(code))
        }
        None => false,
    }
}

/// True when `code` names this finding: its rule (as [`code_matches`]), or,
/// when the finding carries its own [`Finding::code`], that code rather than
/// the rule's other hadolint codes.
pub fn finding_matches(f: &Finding, code: &str) -> bool {
    let Some(own) = &f.code else {
        return code_matches(&f.rule, code);
    };
    let code = code.trim();
    if code.eq_ignore_ascii_case(own) || code.eq_ignore_ascii_case(&f.rule) {
        return true;
    }
    meta(&f.rule).is_some_and(|m| m.buildkit.is_some_and(|b| b.eq_ignore_ascii_case(code)))
}

/// The suppressions a file declares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pragmas {
    /// Codes ignored in the whole file.
    pub global: Vec<String>,
    /// Codes ignored within an instruction's span.
    pub local: Vec<(Span, Vec<String>)>,
    /// BuildKit check names from `# check=skip=…` (`all` for every check).
    pub check_skip: Vec<String>,
    /// `# check=error=true`.
    pub check_error: bool,
}

/// `hadolint ignore=A,B` / `layerlab global ignore=A` → (global?, codes).
fn parse_ignore_comment(text: &str) -> Option<(bool, Vec<String>)> {
    let t = text.trim_start_matches('#').trim();
    let rest = t
        .strip_prefix("hadolint")
        .or_else(|| t.strip_prefix("layerlab"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut rest = rest.trim_start();
    let global = match rest.strip_prefix("global") {
        Some(r) if r.starts_with(char::is_whitespace) => {
            rest = r.trim_start();
            true
        }
        _ => false,
    };
    let rest = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let codes: Vec<String> = rest
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    (!codes.is_empty()).then_some((global, codes))
}

impl Pragmas {
    /// Reads the pragmas of a parsed file.
    pub fn of(df: &Dockerfile) -> Pragmas {
        let mut p = Pragmas::default();
        for d in df.directives() {
            if d.name.text != "check" {
                continue;
            }
            for part in d.value.text.split(';') {
                let Some((k, v)) = part.split_once('=') else {
                    continue;
                };
                match k.trim().to_ascii_lowercase().as_str() {
                    "skip" => p.check_skip.extend(
                        v.split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string),
                    ),
                    "error" => p.check_error = v.trim().eq_ignore_ascii_case("true"),
                    _ => {}
                }
            }
        }
        let mut pending: Vec<String> = Vec::new();
        for item in &df.items {
            match item {
                Item::Comment(c) => {
                    if let Some((global, codes)) = parse_ignore_comment(&c.text.text) {
                        if global {
                            p.global.extend(codes);
                        } else {
                            pending.extend(codes);
                        }
                    }
                }
                Item::Instruction(ins) => {
                    if !pending.is_empty() {
                        p.local.push((ins.span, std::mem::take(&mut pending)));
                    }
                }
                // A blank line (or anything else) detaches the comment from
                // the next instruction.
                _ => pending.clear(),
            }
        }
        p
    }

    fn suppresses(&self, f: &Finding) -> bool {
        if self.global.iter().any(|c| finding_matches(f, c)) {
            return true;
        }
        if self.local.iter().any(|(span, codes)| {
            span.start <= f.start
                && f.start < span.end.max(span.start + 1)
                && codes.iter().any(|c| finding_matches(f, c))
        }) {
            return true;
        }
        if let Some(bk) = meta(&f.rule).and_then(|m| m.buildkit) {
            return self
                .check_skip
                .iter()
                .any(|s| s.eq_ignore_ascii_case("all") || s.eq_ignore_ascii_case(bk));
        }
        false
    }

    /// Drops the suppressed findings and applies `error=true`; returns how
    /// many were dropped.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        findings.retain(|f| !self.suppresses(f));
        if self.check_error {
            for f in findings.iter_mut() {
                if meta(&f.rule).is_some_and(|m| m.buildkit.is_some()) {
                    f.severity = Severity::Error;
                }
            }
        }
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ignore_comment;

    #[test]
    fn ignore_comments() {
        assert_eq!(
            parse_ignore_comment("hadolint ignore=DL3008,DL3015"),
            Some((false, vec!["DL3008".into(), "DL3015".into()]))
        );
        assert_eq!(
            parse_ignore_comment("hadolint global ignore=DL3008"),
            Some((true, vec!["DL3008".into()]))
        );
        assert_eq!(
            parse_ignore_comment("layerlab ignore = a-b, c-d"),
            Some((false, vec!["a-b".into(), "c-d".into()]))
        );
        assert_eq!(parse_ignore_comment("hadolint shell=bash"), None);
        assert_eq!(parse_ignore_comment("hadolintignore=DL1"), None);
        assert_eq!(parse_ignore_comment("just a comment"), None);
    }
}
