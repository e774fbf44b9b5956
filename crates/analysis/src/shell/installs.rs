//! The system packages a script installs (`apt-get install`, `apk add`),
//! read from its parsed commands, with where each install stands in the
//! script: a rule that asks "was `curl` installed before this line?" reads
//! these instead of the command text.

use super::walk::command_name;
use layerlab_syntax::sh::{Script, SimpleCmd};

/// The package manager of an install.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manager {
    /// `apt-get`, `apt`, `aptitude`.
    Apt,
    /// `apk`.
    Apk,
}

/// One `apt-get install …` or `apk add …`.
#[derive(Clone, Debug)]
pub struct Install<'s> {
    pub manager: Manager,
    /// Package names, versions stripped (`curl=7.88*` → `curl`).
    pub names: Vec<String>,
    /// Some package words are not known before the build runs
    /// (`$PACKAGES`, `$(cat list)`).
    pub unknown: bool,
    /// `--no-install-recommends` (apt) or its `-o` form.
    pub no_recommends: bool,
    pub cmd: &'s SimpleCmd,
}

/// Every package install of the script, in source order.
pub fn installs<'s>(script: &'s Script, src: &str) -> Vec<Install<'s>> {
    script
        .simple_commands()
        .into_iter()
        .filter_map(|c| install(c, src))
        .collect()
}

fn install<'s>(cmd: &'s SimpleCmd, src: &str) -> Option<Install<'s>> {
    let manager = match command_name(cmd, src)? {
        "apt-get" | "apt" | "aptitude" => Manager::Apt,
        "apk" => Manager::Apk,
        _ => return None,
    };
    let (sub, with_arg): (&str, &[&str]) = match manager {
        Manager::Apt => (
            "install",
            &[
                "-o",
                "-t",
                "-c",
                "--option",
                "--target-release",
                "--config-file",
            ],
        ),
        Manager::Apk => (
            "add",
            &[
                "--virtual",
                "-t",
                "--repository",
                "-X",
                "--root",
                "-p",
                "--arch",
                "--cache-dir",
                "--keys-dir",
            ],
        ),
    };
    let mut words = cmd.words[1..].iter();
    let mut seen_sub = false;
    let mut out = Install {
        manager,
        names: Vec::new(),
        unknown: false,
        no_recommends: false,
        cmd,
    };
    while let Some(w) = words.next() {
        let Some(t) = w.static_text(src) else {
            // `curl=7.*`: the name is literal, the version a pattern.
            let raw = src.get(w.span.start..w.span.end).unwrap_or("");
            match raw.split_once('=') {
                Some((n, _)) if seen_sub && is_name(n) => out.names.push(n.to_string()),
                _ if seen_sub => out.unknown = true,
                _ => {}
            }
            continue;
        };
        if t.starts_with('-') {
            if t == "--no-install-recommends"
                || (t.contains("Install-Recommends") && (t.ends_with("false") || t.ends_with('0')))
            {
                out.no_recommends = true;
            }
            if with_arg.contains(&t.as_str()) {
                if let Some(v) = words.next().and_then(|v| v.static_text(src)) {
                    if v.contains("Install-Recommends")
                        && (v.ends_with("false") || v.ends_with('0'))
                    {
                        out.no_recommends = true;
                    }
                }
            }
            continue;
        }
        if !seen_sub {
            if t != sub {
                return None;
            }
            seen_sub = true;
            continue;
        }
        let name = t
            .split(['=', '<', '>', '~'])
            .next()
            .unwrap_or(&t)
            .to_string();
        if name.contains(['*', '?', '[', '/']) || name.ends_with(".deb") {
            out.unknown = true;
        } else if !name.is_empty() {
            out.names.push(name);
        }
    }
    seen_sub.then_some(out)
}

/// A package name as apt and apk spell them.
fn is_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_syntax::sh::parse_script;

    #[test]
    fn reads_apt_and_apk_installs() {
        let src = "apt-get update && apt-get install -y --no-install-recommends curl=7.* ca-certificates $EXTRA; apk add --no-cache --virtual .deps bash";
        let s = parse_script(src);
        let got = installs(&s, src);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].manager, Manager::Apt);
        assert_eq!(got[0].names, vec!["curl", "ca-certificates"]);
        assert!(got[0].unknown && got[0].no_recommends);
        assert_eq!(got[1].manager, Manager::Apk);
        assert_eq!(got[1].names, vec!["bash"]);
        assert!(!got[1].unknown);
    }
}
