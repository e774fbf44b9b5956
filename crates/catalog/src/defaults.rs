//! What an official image sets up before the user's first instruction: user,
//! environment, working directory, entrypoint/command, accounts, and a few
//! notable paths for the simulation's virtual filesystem.
//!
//! Every fact cites the official Dockerfile it comes from, in the project's
//! corpus (`shared/corpus/real-world/`), with the line and whether the value
//! is written there ([`Evidence::Literal`]) or follows from what the line
//! does ([`Evidence::Derived`], with the reasoning). Facts the corpus does not
//! support are left out: an absent `cmd` means "inherited from the base
//! image, not known here", not "none".
//!
//! Paths and values may contain `{X.Y}` (the runtime line, e.g. `3.12`) or
//! `{version}` (the full runtime version); see [`ImageDefaults::resolve`].

use crate::{CorpusRef, Distro, Evidence};

/// A value with the corpus line that establishes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fact<T: 'static> {
    /// The value.
    pub value: T,
    /// Where it comes from.
    pub source: CorpusRef,
}

/// An environment variable the image sets (`ENV`), with the value as
/// written: `$PATH` in `PATH` refers to the base image's PATH.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvDefault {
    /// Variable name.
    pub name: &'static str,
    /// Value as written (may reference `$VAR` or `{version}`).
    pub value: &'static str,
    /// The ENV line.
    pub source: CorpusRef,
}

/// A user account the image creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Account {
    /// User name.
    pub name: &'static str,
    /// UID.
    pub uid: u32,
    /// Primary GID.
    pub gid: u32,
    /// Home directory, if one is created.
    pub home: Option<&'static str>,
    /// Login shell.
    pub shell: &'static str,
}

/// What kind of filesystem entry a notable path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// A regular file (executables included).
    File,
    /// A directory (with contents).
    Dir,
    /// A directory that is present but empty in the image.
    EmptyDir,
    /// A symbolic link to the given target.
    Symlink(&'static str),
}

/// A path that exists in the image, for the virtual filesystem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotablePath {
    /// Absolute path; may contain `{X.Y}`.
    pub path: &'static str,
    /// Kind of entry.
    pub kind: PathKind,
}

/// The Dockerfile flavour a set of defaults comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// Debian-based variants (full, slim).
    Debian,
    /// Alpine-based variants.
    Alpine,
}

/// The defaults of an official image family on a flavour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageDefaults {
    /// Image family (`python`, `node`, `golang`, `rust`, `debian`).
    pub family: &'static str,
    /// Flavour.
    pub flavour: Flavour,
    /// `ENV` set by the image, in order.
    pub env: &'static [EnvDefault],
    /// `WORKDIR`, if the image sets one (else `/`).
    pub workdir: Option<Fact<&'static str>>,
    /// `USER`, if the image sets one (else root).
    pub user: Option<Fact<&'static str>>,
    /// `ENTRYPOINT` (exec form), if the image sets one.
    pub entrypoint: Option<Fact<&'static [&'static str]>>,
    /// `CMD` (exec form), if the image sets one.
    pub cmd: Option<Fact<&'static [&'static str]>>,
    /// Accounts the image creates besides root.
    pub accounts: &'static [Fact<Account>],
    /// Paths that exist in the image.
    pub paths: &'static [Fact<NotablePath>],
}

impl ImageDefaults {
    /// Replaces `{X.Y}` by `line` and `{version}` by `version`.
    pub fn resolve(text: &str, line: &str, version: &str) -> String {
        text.replace("{X.Y}", line).replace("{version}", version)
    }

    /// The notable paths with placeholders resolved.
    pub fn resolved_paths(&self, line: &str, version: &str) -> Vec<(String, PathKind)> {
        self.paths
            .iter()
            .map(|p| {
                (
                    ImageDefaults::resolve(p.value.path, line, version),
                    p.value.kind,
                )
            })
            .collect()
    }
}

/// The defaults for an official image family on a distro, if sourced.
/// `image` is the repository name (`python`, `node`, `golang`, `rust`,
/// `debian`); Debian-family facts also apply to Ubuntu-based images only
/// where cited, so Ubuntu gets none.
pub fn image_defaults(image: &str, distro: Distro) -> Option<&'static ImageDefaults> {
    let flavour = match distro {
        Distro::Debian => Flavour::Debian,
        Distro::Alpine => Flavour::Alpine,
        _ => return None,
    };
    ALL.iter()
        .copied()
        .find(|d| d.family == image && d.flavour == flavour)
}

// --------------------------------------------------------------- the facts

const fn lit(file: &'static str, line: u32) -> CorpusRef {
    CorpusRef {
        file,
        line,
        evidence: Evidence::Literal,
    }
}

const fn derived(file: &'static str, line: u32, why: &'static str) -> CorpusRef {
    CorpusRef {
        file,
        line,
        evidence: Evidence::Derived(why),
    }
}

const fn fact<T>(value: T, source: CorpusRef) -> Fact<T> {
    Fact { value, source }
}

const fn path(path: &'static str, kind: PathKind, source: CorpusRef) -> Fact<NotablePath> {
    Fact {
        value: NotablePath { path, kind },
        source,
    }
}

const fn env(name: &'static str, value: &'static str, source: CorpusRef) -> EnvDefault {
    EnvDefault {
        name,
        value,
        source,
    }
}

static ALL: &[&ImageDefaults] = &[
    &PYTHON_DEBIAN,
    &PYTHON_ALPINE,
    &NODE_DEBIAN,
    &NODE_ALPINE,
    &GOLANG_DEBIAN,
    &GOLANG_ALPINE,
    &RUST_DEBIAN,
    &RUST_ALPINE,
    &DEBIAN,
];

// python -------------------------------------------------------------------

const PY_SLIM: &str = "docker-library__python__3.14__slim-trixie__Dockerfile.Dockerfile";
const PY_ALPINE: &str = "docker-library__python__3.15-rc__alpine3.24__Dockerfile.Dockerfile";

const PY_MAKE_INSTALL: &str = "`make install` of CPython with configure's default prefix /usr/local (no --prefix given) installs \
     bin/python{X.Y} and lib/python{X.Y}/ under /usr/local";
const PY_ENSUREPIP: &str =
    "configure --with-ensurepip installs pip into /usr/local/lib/python{X.Y}/site-packages \
     and its pip3/pip{X.Y} scripts into /usr/local/bin (the `pip3 --version` smoke test runs it)";

macro_rules! python_paths {
    ($file:expr, $make:expr, $pip:expr, $ln:expr, $smoke:expr $(, $extra:expr)*) => {
        &[
            $($extra,)*
            path("/usr/local/bin/python3", PathKind::File, lit($file, $smoke)),
            path("/usr/local/bin/python{X.Y}", PathKind::File, derived($file, $make, PY_MAKE_INSTALL)),
            path("/usr/local/bin/pip3", PathKind::File, lit($file, $smoke + 1)),
            path("/usr/local/bin/pip{X.Y}", PathKind::File, derived($file, $pip, PY_ENSUREPIP)),
            path("/usr/local/bin/python", PathKind::Symlink("python3"), derived($file, $ln, "the loop links python3 → python (`tr -d 3`)")),
            path("/usr/local/bin/pip", PathKind::Symlink("pip3"), derived($file, $ln, "the loop links pip3 → pip")),
            path("/usr/local/bin/pydoc", PathKind::Symlink("pydoc3"), derived($file, $ln, "the loop links pydoc3 → pydoc")),
            path("/usr/local/bin/idle", PathKind::Symlink("idle3"), derived($file, $ln, "the loop links idle3 → idle")),
            path("/usr/local/bin/python-config", PathKind::Symlink("python3-config"), derived($file, $ln, "the loop links python3-config → python-config")),
            path("/usr/local/lib/python{X.Y}", PathKind::Dir, derived($file, $make, PY_MAKE_INSTALL)),
            path("/usr/local/lib/python{X.Y}/site-packages", PathKind::Dir, derived($file, $pip, PY_ENSUREPIP)),
        ]
    };
}

static PYTHON_DEBIAN: ImageDefaults = ImageDefaults {
    family: "python",
    flavour: Flavour::Debian,
    env: &[
        env("PATH", "/usr/local/bin:$PATH", lit(PY_SLIM, 10)),
        env("PYTHON_VERSION", "{version}", lit(PY_SLIM, 22)),
    ],
    workdir: None,
    user: None,
    entrypoint: None,
    cmd: Some(fact(&["python3"], lit(PY_SLIM, 145))),
    accounts: &[],
    paths: python_paths!(
        PY_SLIM,
        104,
        68,
        138,
        133,
        path(
            "/var/lib/apt/lists",
            PathKind::EmptyDir,
            derived(
                PY_SLIM,
                130,
                "the install RUN ends with `apt-get dist-clean` (trixie; `rm -rf /var/lib/apt/lists/*` on bookworm), \
                 which empties the apt lists"
            )
        )
    ),
};

static PYTHON_ALPINE: ImageDefaults = ImageDefaults {
    family: "python",
    flavour: Flavour::Alpine,
    env: &[
        env("PATH", "/usr/local/bin:$PATH", lit(PY_ALPINE, 10)),
        env("PYTHON_VERSION", "{version}", lit(PY_ALPINE, 19)),
    ],
    workdir: None,
    user: None,
    entrypoint: None,
    cmd: Some(fact(&["python3"], lit(PY_ALPINE, 138))),
    accounts: &[],
    paths: python_paths!(PY_ALPINE, 105, 68, 131, 126),
};

// node ---------------------------------------------------------------------

const NODE_SLIM: &str = "nodejs__docker-node__26__trixie-slim__Dockerfile.Dockerfile";
const NODE_ALPINE_F: &str = "nodejs__docker-node__26__alpine3.24__Dockerfile.Dockerfile";
const NODE_TARBALL: &str = "the Node.js release tarball is extracted into /usr/local with --strip-components=1; \
     its bin/ holds node, npm and npx, and lib/node_modules/ holds npm (the `npm --version` smoke test runs it)";

macro_rules! node_paths {
    ($file:expr, $user:expr, $tar:expr, $include:expr, $ln:expr, $copy:expr, $smoke:expr, $tmp:expr $(, $extra:expr)*) => {
        &[
            $($extra,)*
            path("/usr/local/bin/node", PathKind::File, lit($file, $ln)),
            path("/usr/local/bin/nodejs", PathKind::Symlink("/usr/local/bin/node"), lit($file, $ln)),
            path("/usr/local/bin/npm", PathKind::File, derived($file, $smoke, NODE_TARBALL)),
            path("/usr/local/bin/npx", PathKind::File, derived($file, $tar, NODE_TARBALL)),
            path("/usr/local/lib/node_modules", PathKind::Dir, derived($file, $tar, NODE_TARBALL)),
            path("/usr/local/include/node", PathKind::Dir, derived($file, $include, "the RUN prunes /usr/local/include/node/openssl/archs, so the headers are there")),
            path("/usr/local/bin/docker-entrypoint.sh", PathKind::File, lit($file, $copy)),
            path("/home/node", PathKind::Dir, derived($file, $user, "the node account is created with a home directory (useradd --create-home / adduser without -H)")),
            path("/tmp", PathKind::EmptyDir, derived($file, $tmp, "the install RUN ends with `rm -rf /tmp/*`")),
        ]
    };
}

static NODE_DEBIAN: ImageDefaults = ImageDefaults {
    family: "node",
    flavour: Flavour::Debian,
    env: &[env("NODE_VERSION", "{version}", lit(NODE_SLIM, 6))],
    workdir: None,
    user: None,
    entrypoint: Some(fact(&["docker-entrypoint.sh"], lit(NODE_SLIM, 64))),
    cmd: Some(fact(&["node"], lit(NODE_SLIM, 66))),
    accounts: &[fact(
        Account {
            name: "node",
            uid: 1000,
            gid: 1000,
            home: Some("/home/node"),
            shell: "/bin/bash",
        },
        lit(NODE_SLIM, 4),
    )],
    paths: node_paths!(
        NODE_SLIM,
        4,
        43,
        45,
        56,
        63,
        59,
        60,
        path(
            "/var/lib/apt/lists",
            PathKind::EmptyDir,
            derived(
                NODE_SLIM,
                19,
                "`rm -rf /var/lib/apt/lists/*` in the same RUN as `apt-get update`"
            )
        )
    ),
};

static NODE_ALPINE: ImageDefaults = ImageDefaults {
    family: "node",
    flavour: Flavour::Alpine,
    env: &[env("NODE_VERSION", "{version}", lit(NODE_ALPINE_F, 3))],
    workdir: None,
    user: None,
    entrypoint: Some(fact(&["docker-entrypoint.sh"], lit(NODE_ALPINE_F, 82))),
    cmd: Some(fact(&["node"], lit(NODE_ALPINE_F, 84))),
    accounts: &[fact(
        Account {
            name: "node",
            uid: 1000,
            gid: 1000,
            home: Some("/home/node"),
            shell: "/bin/sh",
        },
        lit(NODE_ALPINE_F, 6),
    )],
    paths: node_paths!(NODE_ALPINE_F, 6, 21, 73, 22, 81, 77, 78),
};

// golang -------------------------------------------------------------------

const GO_TRIXIE: &str = "docker-library__golang__1.27__trixie__Dockerfile.Dockerfile";
const GO_ALPINE: &str = "docker-library__golang__1.27__alpine3.24__Dockerfile.Dockerfile";
const GO_TREE: &str =
    "the Go distribution is copied to /usr/local/go (COPY --from=build /target/ /) and PATH adds \
     /usr/local/go/bin, where the go and gofmt binaries of a Go distribution live";

macro_rules! golang {
    ($file:expr, $flavour:expr, $ver:expr, $tc:expr, $gopath:expr, $copy:expr, $mkdir:expr, $wd:expr, $extra:expr) => {
        ImageDefaults {
            family: "golang",
            flavour: $flavour,
            env: &[
                env("GOLANG_VERSION", "{version}", lit($file, $ver)),
                env("GOTOOLCHAIN", "local", lit($file, $tc)),
                env("GOPATH", "/go", lit($file, $gopath)),
                env(
                    "PATH",
                    "$GOPATH/bin:/usr/local/go/bin:$PATH",
                    lit($file, $gopath + 1),
                ),
            ],
            workdir: Some(fact(
                "/go",
                derived($file, $wd, "WORKDIR $GOPATH with GOPATH=/go"),
            )),
            user: None,
            entrypoint: None,
            cmd: None,
            accounts: &[],
            paths: $extra,
        }
    };
}

static GOLANG_DEBIAN: ImageDefaults = golang!(
    GO_TRIXIE,
    Flavour::Debian,
    125,
    129,
    131,
    134,
    135,
    136,
    &[
        path(
            "/usr/local/go",
            PathKind::Dir,
            derived(GO_TRIXIE, 134, GO_TREE)
        ),
        path(
            "/usr/local/go/bin/go",
            PathKind::File,
            derived(GO_TRIXIE, 132, GO_TREE)
        ),
        path(
            "/usr/local/go/bin/gofmt",
            PathKind::File,
            derived(GO_TRIXIE, 132, GO_TREE)
        ),
        path("/go", PathKind::Dir, lit(GO_TRIXIE, 135)),
        path("/go/src", PathKind::EmptyDir, lit(GO_TRIXIE, 135)),
        path("/go/bin", PathKind::EmptyDir, lit(GO_TRIXIE, 135)),
        path(
            "/var/lib/apt/lists",
            PathKind::EmptyDir,
            derived(
                GO_TRIXIE,
                123,
                "`rm -rf /var/lib/apt/lists/*` in the same RUN as `apt-get update`"
            )
        ),
    ]
);

static GOLANG_ALPINE: ImageDefaults = golang!(
    GO_ALPINE,
    Flavour::Alpine,
    117,
    121,
    123,
    126,
    127,
    128,
    &[
        path(
            "/usr/local/go",
            PathKind::Dir,
            derived(GO_ALPINE, 126, GO_TREE)
        ),
        path(
            "/usr/local/go/bin/go",
            PathKind::File,
            derived(GO_ALPINE, 124, GO_TREE)
        ),
        path(
            "/usr/local/go/bin/gofmt",
            PathKind::File,
            derived(GO_ALPINE, 124, GO_TREE)
        ),
        path("/go", PathKind::Dir, lit(GO_ALPINE, 127)),
        path("/go/src", PathKind::EmptyDir, lit(GO_ALPINE, 127)),
        path("/go/bin", PathKind::EmptyDir, lit(GO_ALPINE, 127)),
    ]
);

// rust ---------------------------------------------------------------------

const RUST_BOOKWORM: &str = "rust-lang__docker-rust__stable__bookworm__Dockerfile.Dockerfile";
const RUST_ALPINE_F: &str = "rust-lang__docker-rust__nightly__alpine3.23__Dockerfile.Dockerfile";
const RUSTUP: &str =
    "rustup-init installs rustup, cargo and rustc into $CARGO_HOME/bin (the smoke tests run them)";

static RUST_DEBIAN: ImageDefaults = ImageDefaults {
    family: "rust",
    flavour: Flavour::Debian,
    env: &[
        env("RUSTUP_HOME", "/usr/local/rustup", lit(RUST_BOOKWORM, 5)),
        env("CARGO_HOME", "/usr/local/cargo", lit(RUST_BOOKWORM, 6)),
        env("PATH", "/usr/local/cargo/bin:$PATH", lit(RUST_BOOKWORM, 7)),
        env("RUST_VERSION", "{version}", lit(RUST_BOOKWORM, 8)),
    ],
    workdir: None,
    user: None,
    entrypoint: None,
    cmd: None,
    accounts: &[],
    paths: &[
        path("/usr/local/rustup", PathKind::Dir, lit(RUST_BOOKWORM, 51)),
        path("/usr/local/cargo", PathKind::Dir, lit(RUST_BOOKWORM, 51)),
        path(
            "/usr/local/cargo/bin/cargo",
            PathKind::File,
            derived(RUST_BOOKWORM, 54, RUSTUP),
        ),
        path(
            "/usr/local/cargo/bin/rustc",
            PathKind::File,
            derived(RUST_BOOKWORM, 55, RUSTUP),
        ),
        path(
            "/usr/local/cargo/bin/rustup",
            PathKind::File,
            derived(RUST_BOOKWORM, 53, RUSTUP),
        ),
    ],
};

static RUST_ALPINE: ImageDefaults = ImageDefaults {
    family: "rust",
    flavour: Flavour::Alpine,
    env: &[
        env("RUSTUP_HOME", "/usr/local/rustup", lit(RUST_ALPINE_F, 10)),
        env("CARGO_HOME", "/usr/local/cargo", lit(RUST_ALPINE_F, 11)),
        env("PATH", "/usr/local/cargo/bin:$PATH", lit(RUST_ALPINE_F, 12)),
    ],
    workdir: None,
    user: None,
    entrypoint: None,
    cmd: None,
    accounts: &[],
    paths: &[
        path("/usr/local/rustup", PathKind::Dir, lit(RUST_ALPINE_F, 44)),
        path("/usr/local/cargo", PathKind::Dir, lit(RUST_ALPINE_F, 44)),
    ],
};

// debian -------------------------------------------------------------------

static DEBIAN: ImageDefaults = ImageDefaults {
    family: "debian",
    flavour: Flavour::Debian,
    env: &[],
    workdir: None,
    user: None,
    entrypoint: None,
    cmd: None,
    accounts: &[],
    paths: &[path(
        "/var/lib/apt/lists",
        PathKind::EmptyDir,
        derived(
            PY_SLIM,
            14,
            "the official Dockerfiles built FROM debian:*-slim run `apt-get update` before their first \
             `apt-get install`, which apt needs only because the image ships without package lists",
        ),
    )],
};
