//! Which shell runs a RUN script: the image's `/bin/sh`, the `SHELL` in
//! force, a heredoc's `#!` line, or the program of `["bash", "-c", "…"]`.
//!
//! What each shell accepts is measured in docs/shell-dialects.md
//! (`scripts/verify-dialects`): the dialect rules read this module's answer
//! and report only where it is known.

use crate::sim::{Base, Simulation};
use layerlab_catalog::BinSh;

/// The language a script is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// dash (Debian's and Ubuntu's `/bin/sh`).
    Dash,
    /// BusyBox ash (Alpine's and BusyBox's `/bin/sh`).
    Ash,
    /// bash, also when run as `sh`.
    Bash,
    /// A POSIX shell whose extensions are not known (an unknown image, zsh,
    /// ksh): generic rules run, dialect rules stay silent.
    Posix,
    /// Not a POSIX shell (PowerShell, cmd, a Windows image, another
    /// program): nothing is read as sh.
    NotPosix,
}

impl Dialect {
    /// Whether the shell expands `{a,b}` and `{1..5}` into several words.
    /// dash and BusyBox ash keep them literally (docs/shell-dialects.md);
    /// an unknown POSIX shell is taken to expand them as the author meant
    /// (bash, zsh and ksh do), so that the simulation follows the script's
    /// intent where it cannot know better.
    pub fn expands_braces(self) -> bool {
        matches!(self, Dialect::Bash | Dialect::Posix)
    }
}

/// How the dialect was decided, for the messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The image's `/bin/sh` (the default `SHELL ["/bin/sh", "-c"]`, or a
    /// `SHELL` naming `sh`): the image reference as written.
    Image { reference: String },
    /// A `SHELL` instruction naming the program, on `line` (1-based).
    ShellInstruction { program: String, line: u32 },
    /// The `#!` line of a `RUN <<EOF` heredoc.
    Shebang { program: String },
    /// Exec form `["bash", "-c", "…"]`.
    Exec { program: String },
    /// Nothing says which shell it is.
    Unknown,
}

/// The shell of one script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shell {
    pub dialect: Dialect,
    pub source: Source,
    /// `set -e` is on from the start (`SHELL ["/bin/sh", "-e", "-c"]`).
    pub errexit: bool,
    /// `pipefail` is on from the start (`SHELL [… "-o", "pipefail", …]`).
    pub pipefail: bool,
    /// Whether this dash accepts `set -o pipefail`: from Debian's dash
    /// 0.5.12-7 (Debian 13 has 0.5.12-12, debian-baseline-trixie.txt;
    /// Debian 12 has 0.5.12-2, debian-baseline-bookworm.txt; Ubuntu 24.04
    /// has 0.5.12-6, <https://packages.ubuntu.com/noble/dash>). None when
    /// not known or not dash.
    pub dash_pipefail: Option<bool>,
}

impl Shell {
    /// The shell in words, for a message: "/bin/sh in python:3.12-slim is
    /// dash", "SHELL on line 3 runs bash".
    pub fn describe(&self) -> String {
        let name = self.name();
        match &self.source {
            Source::Image { reference } => format!("/bin/sh in {reference} is {name}"),
            Source::ShellInstruction { program, line: 0 } => {
                format!("the SHELL this stage inherits runs {program} ({name})")
            }
            Source::ShellInstruction { program, line } => {
                format!("the SHELL on line {line} runs {program} ({name})")
            }
            Source::Shebang { program } => format!("the heredoc's #! line runs {program}"),
            Source::Exec { program } => format!("this RUN runs {program}"),
            Source::Unknown => "the shell is not known".into(),
        }
    }

    /// The shell's name: `dash`, `BusyBox ash`, `bash`.
    pub fn name(&self) -> &'static str {
        match self.dialect {
            Dialect::Dash => "dash",
            Dialect::Ash => "BusyBox ash",
            Dialect::Bash => "bash",
            Dialect::Posix => "a POSIX shell",
            Dialect::NotPosix => "not a POSIX shell",
        }
    }

    /// Reads sh syntax (generic shell rules apply).
    pub fn is_posix(&self) -> bool {
        self.dialect != Dialect::NotPosix
    }
}

/// The shell a program name runs (`/bin/bash` → bash), given what `sh` is;
/// [`Dialect::NotPosix`] for a program that is not a shell this analysis
/// reads.
pub fn dialect_of_program(program: &str, sh: Dialect) -> Dialect {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    match base {
        "bash" => Dialect::Bash,
        "dash" => Dialect::Dash,
        "ash" => Dialect::Ash,
        "sh" => sh,
        "zsh" | "ksh" | "mksh" | "ksh93" | "busybox" => Dialect::Posix,
        _ => Dialect::NotPosix,
    }
}

/// The program a heredoc script's `#!` line runs (`#!/usr/bin/env bash` →
/// `bash`) and its flags; None without a `#!` line.
pub fn shebang(script: &str) -> Option<(&str, Vec<&str>)> {
    let line = script.strip_prefix("#!")?.lines().next().unwrap_or("");
    let mut words = line.split_whitespace();
    let mut program = words.next().unwrap_or("");
    if program.ends_with("/env") {
        program = words.next().unwrap_or("");
    }
    Some((program, words.collect()))
}

/// What `/bin/sh` is in `stage`'s image, with the reference for messages.
pub fn image_shell(sim: &Simulation, stage: usize) -> Shell {
    let mut shell = Shell {
        dialect: Dialect::Posix,
        source: Source::Unknown,
        errexit: false,
        pipefail: false,
        dash_pipefail: None,
    };
    let mut index = stage;
    for _ in 0..=sim.stages.len() {
        let Some(st) = sim.stages.get(index) else {
            break;
        };
        match &st.base {
            Base::Stage { index: i } => index = *i,
            Base::Image { reference, facts } => {
                if looks_windows(reference) {
                    shell.dialect = Dialect::NotPosix;
                    break;
                }
                let Some(f) = facts else { break };
                let Some(sh) = f.bin_sh else { break };
                shell.dialect = match sh {
                    BinSh::Dash => Dialect::Dash,
                    BinSh::BusyBoxAsh => Dialect::Ash,
                    BinSh::Bash => Dialect::Bash,
                    BinSh::Cmd => Dialect::NotPosix,
                };
                shell.source = Source::Image {
                    reference: f.reference.clone(),
                };
                if sh == BinSh::Dash {
                    shell.dash_pipefail = dash_pipefail(
                        f.distro.as_deref(),
                        f.distro_version.as_deref(),
                        f.codename.as_deref(),
                    );
                }
                break;
            }
            Base::Scratch | Base::Invalid { .. } => break,
        }
    }
    shell
}

/// Windows images the catalogue does not describe, by name: their default
/// shell is `cmd`.
fn looks_windows(reference: &str) -> bool {
    let r = reference.to_ascii_lowercase();
    r.contains("mcr.microsoft.com/windows")
        || r.contains("windowsservercore")
        || r.contains("nanoserver")
        || r.contains(":ltsc20")
}

fn dash_pipefail(
    distro: Option<&str>,
    version: Option<&str>,
    codename: Option<&str>,
) -> Option<bool> {
    let major = version
        .and_then(|v| v.split('.').next())
        .and_then(|v| v.parse::<u32>().ok());
    match (distro?, major, codename) {
        ("debian", _, Some("trixie" | "forky" | "sid")) => Some(true),
        ("debian", Some(m), _) if m >= 13 => Some(true),
        ("debian", _, Some("bookworm" | "bullseye" | "buster")) => Some(false),
        ("debian", Some(m), _) => Some(m >= 13),
        ("ubuntu", _, Some("noble" | "jammy" | "focal")) => Some(false),
        ("ubuntu", Some(m), _) if m <= 24 => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs() {
        assert_eq!(
            dialect_of_program("/bin/bash", Dialect::Dash),
            Dialect::Bash
        );
        assert_eq!(dialect_of_program("sh", Dialect::Ash), Dialect::Ash);
        assert_eq!(
            dialect_of_program("powershell", Dialect::Dash),
            Dialect::NotPosix
        );
        assert_eq!(dialect_of_program("cmd", Dialect::Dash), Dialect::NotPosix);
        assert_eq!(
            dialect_of_program("C:\\bin\\sh.exe", Dialect::Dash),
            Dialect::NotPosix
        );
    }

    #[test]
    fn dash_pipefail_by_release() {
        assert_eq!(dash_pipefail(Some("debian"), Some("13"), None), Some(true));
        assert_eq!(
            dash_pipefail(Some("debian"), None, Some("bookworm")),
            Some(false)
        );
        assert_eq!(
            dash_pipefail(Some("ubuntu"), Some("24.04"), None),
            Some(false)
        );
        assert_eq!(dash_pipefail(Some("ubuntu"), Some("26.04"), None), None);
        assert_eq!(dash_pipefail(Some("debian"), None, None), None);
    }
}
