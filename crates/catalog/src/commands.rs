//! Which package puts a command on `PATH`, and which packages an official
//! image has: enough to say "`curl` is not in `python:3.12-slim`".
//!
//! Only a few commands are listed: those that real Dockerfiles run and that
//! a common base image lacks (`curl`, `wget`, `bash`, `adduser`, `useradd`,
//! `git`, `unzip`, `gpg`, `ps`, `xz`; `sudo` has its own rule). A command that is not listed
//! is never claimed missing.
//!
//! Sources (see also `data/README.md`, section 8):
//! - Debian command → package: the file lists of the Debian 12 packages,
//!   read with `apt-get download <pkg>` and `dpkg -c` on 2026-11-23 against
//!   deb.debian.org bookworm (adduser 3.134, curl 7.88.1-10+deb12u15, wget
//!   1.21.3-1+deb12u1, passwd 1:4.13+dfsg1-1+deb12u2, bash 5.2.15-2+b13, git
//!   1:2.39.5-0+deb12u3, unzip 6.0-28+deb12u1, gpg, procps 2:4.0.2-3,
//!   xz-utils 5.4.1-1+deb12u2). Ubuntu ships the same
//!   packages under the same names.
//! - Alpine command → package: <https://pkgs.alpinelinux.org/contents>
//!   (`curl` → /usr/bin/curl, `bash` → /bin/bash, `shadow` →
//!   /usr/sbin/useradd …, `git` → /usr/bin/git).
//!   BusyBox provides `wget`, `unzip`, `xz`, `ps`, `adduser` and `addgroup`
//!   on Alpine, so those are not listed for it.
//! - Image package sets: see [`image_packages`].

use crate::DebianRelease;

/// The package family an image's packages come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackageFamily {
    /// Debian and Ubuntu (`.deb`, apt).
    Deb,
    /// Alpine (`.apk`).
    Apk,
}

/// Debian/Ubuntu: (command, package that installs it).
const DEB_COMMANDS: &[(&str, &str)] = &[
    ("addgroup", "adduser"),
    ("adduser", "adduser"),
    ("bash", "bash"),
    ("curl", "curl"),
    ("delgroup", "adduser"),
    ("deluser", "adduser"),
    ("git", "git"),
    ("gpg", "gpg"),
    ("groupadd", "passwd"),
    ("ps", "procps"),
    ("unzip", "unzip"),
    ("useradd", "passwd"),
    ("usermod", "passwd"),
    ("wget", "wget"),
    ("xz", "xz-utils"),
];

/// Alpine: (command, package that installs it); BusyBox applets are left out.
const APK_COMMANDS: &[(&str, &str)] = &[
    ("bash", "bash"),
    ("curl", "curl"),
    ("git", "git"),
    ("groupadd", "shadow"),
    ("useradd", "shadow"),
    ("usermod", "shadow"),
];

/// The package that puts `command` on `PATH` in `family`, when listed.
pub fn command_package(family: PackageFamily, command: &str) -> Option<&'static str> {
    let table = match family {
        PackageFamily::Deb => DEB_COMMANDS,
        PackageFamily::Apk => APK_COMMANDS,
    };
    table.iter().find(|(c, _)| *c == command).map(|(_, p)| *p)
}

/// The package set of an official image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImagePackages {
    /// Debian/Ubuntu or Alpine.
    pub family: PackageFamily,
    /// The Debian release whose baseline this set starts from (for the
    /// dependency closures of `debian-apt.csv`); None for Ubuntu and
    /// Alpine.
    pub debian: Option<DebianRelease>,
    /// What the set is, for messages ("the Debian 13 base packages").
    pub what: &'static str,
    /// Where it comes from.
    pub source: &'static str,
    base: &'static [&'static str],
    extra: &'static [&'static str],
}

impl ImagePackages {
    /// Every package name of the set.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.base.iter().chain(self.extra).copied()
    }

    /// Whether the image has the package.
    pub fn has(&self, package: &str) -> bool {
        self.base.contains(&package) || self.extra.contains(&package)
    }
}

/// `alpine:3.24.2`, from docker-library/repo-info `repos/alpine/local/3.24.2.md`
/// (commit 7859ce44, image created 2026-09-17): every apk package of the
/// image. Older 3.x images have the same set less `libapk`.
const ALPINE_BASE: &[&str] = &[
    "alpine-baselayout",
    "alpine-baselayout-data",
    "alpine-keys",
    "alpine-release",
    "apk-tools",
    "busybox",
    "busybox-binsh",
    "ca-certificates-bundle",
    "libapk",
    "libcrypto3",
    "libssl3",
    "musl",
    "musl-utils",
    "scanelf",
    "ssl_client",
    "zlib",
];

/// `ubuntu:24.04`, from docker-library/repo-info `repos/ubuntu/local/24.04.md`
/// (commit 34e0037a, image created 2026-08-17): every binary package of the
/// image. There is no `adduser`, `curl` or `wget`.
const UBUNTU_2404: &[&str] = &[
    "apt",
    "base-files",
    "base-passwd",
    "bash",
    "bsdutils",
    "coreutils",
    "dash",
    "debconf",
    "debianutils",
    "diffutils",
    "dpkg",
    "e2fsprogs",
    "findutils",
    "gcc-14-base",
    "gpgv",
    "grep",
    "gzip",
    "hostname",
    "init-system-helpers",
    "libacl1",
    "libapt-pkg6.0t64",
    "libassuan0",
    "libattr1",
    "libaudit-common",
    "libaudit1",
    "libblkid1",
    "libbz2-1.0",
    "libc-bin",
    "libc6",
    "libcap-ng0",
    "libcap2",
    "libcom-err2",
    "libcrypt1",
    "libdb5.3t64",
    "libdebconfclient0",
    "libext2fs2t64",
    "libffi8",
    "libgcc-s1",
    "libgcrypt20",
    "libgmp10",
    "libgnutls30t64",
    "libgpg-error0",
    "libhogweed6t64",
    "libidn2-0",
    "liblz4-1",
    "liblzma5",
    "libmd0",
    "libmount1",
    "libncursesw6",
    "libnettle8t64",
    "libnpth0t64",
    "libp11-kit0",
    "libpam-modules",
    "libpam-modules-bin",
    "libpam-runtime",
    "libpam0g",
    "libpcre2-8-0",
    "libproc2-0",
    "libseccomp2",
    "libselinux1",
    "libsemanage-common",
    "libsemanage2",
    "libsepol2",
    "libsmartcols1",
    "libss2",
    "libssl3t64",
    "libstdc++6",
    "libsystemd0",
    "libtasn1-6",
    "libtinfo6",
    "libudev1",
    "libunistring5",
    "libuuid1",
    "libxxhash0",
    "libzstd1",
    "login",
    "logsave",
    "mawk",
    "mount",
    "ncurses-base",
    "ncurses-bin",
    "passwd",
    "perl-base",
    "procps",
    "sed",
    "sensible-utils",
    "sysvinit-utils",
    "tar",
    "ubuntu-keyring",
    "unminimize",
    "util-linux",
    "zlib1g",
];

/// python:*-slim keeps these packages on top of `debian:<suite>-slim`
/// (corpus: docker-library__python__3.14__slim-trixie and slim-bookworm,
/// lines 15-19); its build dependencies (`wget`, `gcc`, …) are purged at
/// the end of the build RUN (`apt-get purge -y --auto-remove`, line 129),
/// keeping only the shared libraries the interpreter links.
const PYTHON_SLIM_EXTRA: &[&str] = &["ca-certificates", "netbase", "tzdata"];

/// python:*-alpine keeps these on top of alpine (corpus:
/// docker-library__python__3.15-rc__alpine3.24, line 14); `.build-deps`
/// is deleted (line 123); `.python-rundeps` are libraries.
const PYTHON_ALPINE_EXTRA: &[&str] = &["ca-certificates", "tzdata"];

/// node:*-alpine keeps `libstdc++` (corpus: nodejs__docker-node__26__alpine3.24,
/// line 7); its `.build-deps` (with `curl`) and `.build-deps-yarn` are
/// deleted (lines 66, 74).
const NODE_ALPINE_EXTRA: &[&str] = &["libstdc++"];

/// golang:*-alpine adds `ca-certificates` (corpus:
/// docker-library__golang__1.27__alpine3.24, line 115); `.fetch-deps` is
/// deleted (line 104).
const GOLANG_ALPINE_EXTRA: &[&str] = &["ca-certificates"];

/// The package set of an official image, when it is known: `name` is the
/// image's short name (`python`), `tag` its tag, `codename` the Debian or
/// Ubuntu codename the catalogue gives it, `distro` its distribution.
///
/// Known: `debian:<bookworm|trixie>*` (slim or not: debuerreotype's slim
/// variant removes documentation files, not packages); `python:*-slim*` and
/// `node:*-slim` on bookworm or trixie (the Debian baseline plus what their
/// Dockerfiles keep; node's slim Dockerfile purges the `curl`, `wget` and
/// `gnupg` it used, corpus nodejs__docker-node__26__bookworm-slim lines 17
/// and 54); `alpine:*`, `python:*-alpine*`, `node:*-alpine*`,
/// `golang:*-alpine*`; `ubuntu:24.04` (noble). Everything else (python's
/// and node's full images built on buildpack-deps, eclipse-temurin, which
/// installs curl, wget and gnupg, and so adduser through dirmngr) is None.
pub fn image_packages(
    name: &str,
    tag: &str,
    distro: Option<&str>,
    codename: Option<&str>,
) -> Option<ImagePackages> {
    let name = name.rsplit('/').next().unwrap_or(name);
    let alpine = distro == Some("alpine");
    let debian = codename.and_then(DebianRelease::from_codename);
    let deb = |release: DebianRelease, what, source, extra| ImagePackages {
        family: PackageFamily::Deb,
        debian: Some(release),
        what,
        source,
        base: release.baseline(),
        extra,
    };
    let apk = |what, source, extra| ImagePackages {
        family: PackageFamily::Apk,
        debian: None,
        what,
        source,
        base: ALPINE_BASE,
        extra,
    };
    const DEB_SRC: &str =
        "the official Debian rootfs manifest (catalogue debian-baseline-<suite>.txt)";
    const APK_SRC: &str = "docker-library/repo-info repos/alpine/local/3.24.2.md";
    match name {
        "debian" => debian.map(|r| deb(r, "the Debian base packages", DEB_SRC, &[])),
        "python" if tag.contains("slim") => debian.map(|r| {
            deb(
                r,
                "the Debian base packages plus ca-certificates, netbase and tzdata",
                "python's slim Dockerfile (docker-library/python) on the Debian rootfs manifest",
                PYTHON_SLIM_EXTRA,
            )
        }),
        "node" if tag.contains("slim") => debian.map(|r| {
            deb(
                r,
                "the Debian base packages (node's slim build purges the curl and wget it used)",
                "node's slim Dockerfile (nodejs/docker-node) on the Debian rootfs manifest",
                &[],
            )
        }),
        "alpine" if alpine => Some(apk("the Alpine base packages", APK_SRC, &[])),
        "python" if alpine && tag.contains("alpine") => Some(apk(
            "the Alpine base packages plus ca-certificates and tzdata",
            "python's alpine Dockerfile (docker-library/python) on alpine",
            PYTHON_ALPINE_EXTRA,
        )),
        "node" if alpine && tag.contains("alpine") => Some(apk(
            "the Alpine base packages plus libstdc++ (node's build deletes the curl it used)",
            "node's alpine Dockerfile (nodejs/docker-node) on alpine",
            NODE_ALPINE_EXTRA,
        )),
        "golang" if alpine && tag.contains("alpine") => Some(apk(
            "the Alpine base packages plus ca-certificates",
            "golang's alpine Dockerfile (docker-library/golang) on alpine",
            GOLANG_ALPINE_EXTRA,
        )),
        "ubuntu" if codename == Some("noble") => Some(ImagePackages {
            family: PackageFamily::Deb,
            debian: None,
            what: "the Ubuntu 24.04 base packages",
            source: "docker-library/repo-info repos/ubuntu/local/24.04.md",
            base: UBUNTU_2404,
            extra: &[],
        }),
        _ => None,
    }
}
