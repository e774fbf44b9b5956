//! The typed facts the simulation records for the rules: what a layer did
//! that a rule needs to know (never read back from the notes, which are for
//! people), what pip installed where, and what each `COPY --from` found.

use crate::sim::size::Bytes;
use serde::Serialize;

/// Something a RUN did that rules act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum LayerFact {
    /// A package manager the image does not have (`apk` on Debian): the build fails.
    WrongPackageManager { program: String, has: String },
    /// pip, run as a user who cannot write there, installs into a system
    /// directory: the build fails.
    PipPermissionDenied { user: String, site: String },
    /// pip or a Python tool runs where the image has no Python: the build fails.
    NoPython { program: String },
    /// `apt-get install` of a name the image's Debian release does not
    /// have (`why`: `not-found` — "Unable to locate package"; `no-candidate`;
    /// `virtual: a, b` — several providers, none chosen): apt installs
    /// nothing and the command fails. `conditional`: the command runs after
    /// `||` or inside `if`, so its failure may not fail the RUN.
    AptPackageMissing {
        program: String,
        package: String,
        release: String,
        why: String,
        /// The version the other catalogued release has, if any.
        other_release_version: Option<String>,
        conditional: bool,
    },
}

/// What one `pip install` put where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PipInstall {
    pub line: u32,
    /// The site-packages directory (or `--target`) the packages go to.
    pub site: String,
    /// Where their console scripts go.
    pub bin: String,
    /// The Python version the packages are installed for (`3.12`), if known.
    pub python: Option<String>,
    /// Distributions known by name (from the command line or a requirements
    /// file that was read), PEP 503-normalised.
    pub dists: Vec<String>,
    /// Requirements files whose contents are not known (the build context
    /// was not given): they install an unknown, non-empty set of packages.
    pub unread: Vec<String>,
    /// Local projects, wheels or archives (`.`, `/wheels/*.whl`): packages
    /// whose names are not known.
    pub local: Vec<String>,
    /// The directories wheels or archives are read from (the folder of a
    /// `/wheels/*.whl` argument, a local `--find-links`), absolute.
    pub wheel_dirs: Vec<String>,
}

impl PipInstall {
    /// Whether anything at all is installed (known names or unread lists).
    pub fn installs_something(&self) -> bool {
        !self.dists.is_empty() || !self.unread.is_empty() || !self.local.is_empty()
    }
}

/// What one `npm`/`yarn`/`pnpm` install, or `npm prune`, did to a
/// node_modules directory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeInstall {
    pub line: u32,
    /// `npm`, `yarn` or `pnpm`.
    pub program: String,
    /// The node_modules directory.
    pub dir: String,
    pub step: NodeStep,
    /// Dev dependencies were left out (`--omit=dev`, `--production`,
    /// `NODE_ENV=production`).
    pub omit_dev: bool,
    /// The devDependencies package.json names; None when package.json was
    /// not read (no build context, not valid JSON).
    pub dev: Option<Vec<String>>,
    /// The installed bytes of the dev dependencies' packages that the
    /// dependencies do not pull in too: `Bytes::UNKNOWN` when not known, a
    /// lower bound (`complete: false`) when part of it is not known.
    pub dev_bytes: Bytes,
}

/// What a [`NodeInstall`] step was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStep {
    /// `npm ci`, `npm install`, `yarn install`, `pnpm install` of the
    /// project's package.json (not `-g`, not only named packages).
    Install,
    /// `npm prune --omit=dev` / `--production`: the dev dependencies go.
    PruneDev,
}

/// A user account of the image: the base image's (from the catalogue), or
/// one a RUN created (`useradd`, `adduser`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub struct Account {
    pub name: String,
    pub uid: Option<u32>,
    /// The home directory in /etc/passwd (whether or not it was created).
    pub home: String,
}

/// Whether a USER value (`name[:group]`) runs as root: `root`, `0`, or no
/// name at all (Docker's default user).
pub fn is_root_user(user: &str) -> bool {
    matches!(user.split(':').next().unwrap_or(user), "root" | "0" | "")
}

/// The home directory Docker gives a `USER` value (`name`, `uid`,
/// `name:group`): the account's; `/` for a UID no account has (Docker sets
/// HOME=/ then); `/home/<name>` for a name the simulation does not know.
pub fn home_of(accounts: &[Account], user: &str) -> String {
    if is_root_user(user) {
        return "/root".into();
    }
    let who = user.split(':').next().unwrap_or(user);
    let uid: Option<u32> = who.parse().ok();
    let found = accounts
        .iter()
        .rev()
        .find(|a| a.name == who || (uid.is_some() && a.uid == uid));
    match (found, uid) {
        (Some(a), _) => a.home.clone(),
        (None, Some(_)) => "/".into(),
        (None, None) => format!("/home/{who}"),
    }
}

/// Whether a `COPY --from` source was found in its stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// The source is there.
    Yes,
    /// The simulation cannot list it, but a plausible build puts it there.
    Maybe,
    /// No plausible build puts it there: BuildKit stops with "not found".
    No,
}

/// One source of a `COPY --from=<stage>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageCopy {
    pub line: u32,
    /// The stage copied from.
    pub from: usize,
    /// The source path, normalised (as written when it has wildcards).
    pub source: String,
    /// Where it lands in this stage (for a directory: where its contents go).
    pub dest: String,
    pub found: Found,
}
