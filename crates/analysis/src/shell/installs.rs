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
    /// apk's `--virtual <name>` (`-t`): the group `apk del <name>` removes.
    pub virtual_name: Option<String>,
    pub cmd: &'s SimpleCmd,
}

/// One `apt-get purge|remove|autoremove …` or `apk del …`.
#[derive(Clone, Debug)]
pub struct Removal<'s> {
    pub manager: Manager,
    /// Package names (for apk, also `--virtual` group names).
    pub names: Vec<String>,
    /// The packages installed only as their dependencies go too: apt's
    /// `autoremove` and `--auto-remove`/`--autoremove`; always with apk,
    /// which removes what no package in its world needs.
    pub auto_remove: bool,
    /// Some package words are not known before the build runs.
    pub unknown: bool,
    /// `apt-mark auto …` (also `… | xargs apt-mark auto`): packages are
    /// marked as installed automatically, so that a later `autoremove`
    /// (or `purge --auto-remove`) removes them; the official images' way
    /// of removing their build dependencies. Names are not read.
    pub marks_auto: bool,
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
        virtual_name: None,
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
                    if manager == Manager::Apk && matches!(t.as_str(), "--virtual" | "-t") {
                        out.virtual_name = Some(v.clone());
                    }
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

/// Every package removal of the script, in source order.
pub fn removals<'s>(script: &'s Script, src: &str) -> Vec<Removal<'s>> {
    script
        .simple_commands()
        .into_iter()
        .filter_map(|c| removal(c, src))
        .collect()
}

fn removal<'s>(cmd: &'s SimpleCmd, src: &str) -> Option<Removal<'s>> {
    let name = command_name(cmd, src)?;
    if name == "apt-mark" || name == "xargs" {
        let words: Vec<Option<String>> = cmd.words.iter().map(|w| w.static_text(src)).collect();
        let at = words
            .iter()
            .position(|w| w.as_deref() == Some("apt-mark"))?;
        let sub = words[at + 1..]
            .iter()
            .find(|w| !w.as_deref().is_some_and(|t| t.starts_with('-')))?;
        return (sub.as_deref() == Some("auto")).then_some(Removal {
            manager: Manager::Apt,
            names: Vec::new(),
            auto_remove: false,
            unknown: false,
            marks_auto: true,
            cmd,
        });
    }
    let manager = match name {
        "apt-get" | "apt" | "aptitude" => Manager::Apt,
        "apk" => Manager::Apk,
        _ => return None,
    };
    let with_arg: &[&str] = match manager {
        Manager::Apt => &["-o", "-c", "--option", "--config-file"],
        Manager::Apk => &[
            "--root",
            "-p",
            "--arch",
            "--cache-dir",
            "--keys-dir",
            "-X",
            "--repository",
        ],
    };
    let mut out = Removal {
        manager,
        names: Vec::new(),
        auto_remove: manager == Manager::Apk,
        unknown: false,
        marks_auto: false,
        cmd,
    };
    let mut sub: Option<String> = None;
    let mut words = cmd.words[1..].iter();
    while let Some(w) = words.next() {
        let Some(t) = w.static_text(src) else {
            if sub.is_some() {
                out.unknown = true;
            }
            continue;
        };
        if t.starts_with('-') {
            if matches!(t.as_str(), "--auto-remove" | "--autoremove") {
                out.auto_remove = true;
            }
            if with_arg.contains(&t.as_str()) {
                words.next();
            }
            continue;
        }
        match &sub {
            None => {
                let ok = match manager {
                    Manager::Apt => matches!(t.as_str(), "purge" | "remove" | "autoremove"),
                    Manager::Apk => t == "del",
                };
                if !ok {
                    return None;
                }
                if t == "autoremove" {
                    out.auto_remove = true;
                }
                sub = Some(t);
            }
            Some(_) => {
                let name = t.split(['=', ':']).next().unwrap_or(&t).to_string();
                if name.contains(['*', '?', '[', '/']) {
                    out.unknown = true;
                } else if !name.is_empty() {
                    out.names.push(name);
                }
            }
        }
    }
    sub.is_some().then_some(out)
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
        assert_eq!(got[1].virtual_name.as_deref(), Some(".deps"));
    }

    #[test]
    fn reads_removals() {
        let src = "apt-get purge -y --auto-remove gcc libpq-dev; apt-get remove -y make && apt-get autoremove -y; apk del .build-deps; apt-get install -y x; apt-mark showmanual | xargs apt-mark auto; apt-mark auto '.*'; apt-mark manual x";
        let s = parse_script(src);
        let got = removals(&s, src);
        assert_eq!(got.len(), 6);
        assert!(got[4].marks_auto && got[5].marks_auto && !got[0].marks_auto);
        assert_eq!(got[0].names, vec!["gcc", "libpq-dev"]);
        assert!(got[0].auto_remove);
        assert_eq!(got[1].names, vec!["make"]);
        assert!(!got[1].auto_remove);
        assert!(got[2].names.is_empty() && got[2].auto_remove);
        assert_eq!(got[3].manager, Manager::Apk);
        assert_eq!(got[3].names, vec![".build-deps"]);
        assert!(got[3].auto_remove);
    }
}
