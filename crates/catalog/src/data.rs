//! The row types of the bundled tables, and the tables themselves (generated
//! by `build.rs` from `data/*.csv` into `OUT_DIR/tables.rs`).
//!
//! Every table is a `static` slice, sorted where lookups binary-search it.
//! Nothing here is parsed or initialised at run time.

use crate::{Date, Precision, Source};

// ---------------------------------------------------------------- base images

/// A Linux distribution (or other base) that an image is built on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Distro {
    /// Debian (glibc, apt).
    Debian,
    /// Ubuntu (glibc, apt).
    Ubuntu,
    /// Alpine Linux (musl, apk).
    Alpine,
    /// A BusyBox image (no package manager; libc depends on the variant).
    BusyBox,
    /// Oracle Linux (glibc, microdnf), e.g. the `mysql` images.
    OracleLinux,
    /// Red Hat Universal Base Image.
    Ubi,
    /// Windows Server Core / Nano Server.
    Windows,
}

impl Distro {
    /// Display name: `Debian`, `Alpine`, …
    pub fn name(self) -> &'static str {
        match self {
            Distro::Debian => "Debian",
            Distro::Ubuntu => "Ubuntu",
            Distro::Alpine => "Alpine",
            Distro::BusyBox => "BusyBox",
            Distro::OracleLinux => "Oracle Linux",
            Distro::Ubi => "Red Hat UBI",
            Distro::Windows => "Windows",
        }
    }

    /// The program at `/bin/sh`, which runs shell-form `RUN`, `CMD` and
    /// `ENTRYPOINT` unless `SHELL` says otherwise.
    ///
    /// Sources: Debian has made dash its `/bin/sh` since 6.0 "squeeze"
    /// (<https://wiki.debian.org/Shell>); Ubuntu since 6.10
    /// (<https://wiki.ubuntu.com/DashAsBinSh>); Alpine and BusyBox link
    /// `/bin/sh` to BusyBox `ash` (<https://wiki.alpinelinux.org/wiki/Shell_management>,
    /// <https://busybox.net/FAQ.html>); Oracle Linux and UBI, like RHEL, link it
    /// to bash (`bash` package, `/bin/sh -> bash`); Windows images run
    /// `cmd /S /C` (<https://docs.docker.com/reference/dockerfile/#shell>).
    pub fn bin_sh(self) -> BinSh {
        match self {
            Distro::Debian | Distro::Ubuntu => BinSh::Dash,
            Distro::Alpine | Distro::BusyBox => BinSh::BusyBoxAsh,
            Distro::OracleLinux | Distro::Ubi => BinSh::Bash,
            Distro::Windows => BinSh::Cmd,
        }
    }
}

/// What `/bin/sh` is in an image (see [`Distro::bin_sh`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "wire",
    derive(borsh::BorshSerialize, borsh::BorshDeserialize)
)]
pub enum BinSh {
    /// The Debian Almquist shell: POSIX, no bash extensions.
    Dash,
    /// BusyBox `ash`: POSIX with some bash extensions (`[[`, `==`, `source`).
    BusyBoxAsh,
    /// GNU bash (run as `sh`, with its extensions still on).
    Bash,
    /// No POSIX shell: Windows `cmd`.
    Cmd,
}

impl BinSh {
    /// The program's usual name: `dash`, `BusyBox ash`, `bash`, `cmd`.
    pub fn name(self) -> &'static str {
        match self {
            BinSh::Dash => "dash",
            BinSh::BusyBoxAsh => "BusyBox ash",
            BinSh::Bash => "bash",
            BinSh::Cmd => "cmd",
        }
    }
}

/// The C library of an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Libc {
    /// GNU C library.
    Glibc,
    /// musl (Alpine, busybox:musl): wheels and binaries built for glibc do not run.
    Musl,
    /// uClibc (busybox:uclibc).
    Uclibc,
    /// Windows (no Linux libc).
    Windows,
    /// Not known from the tables.
    Unknown,
}

/// The package manager an image ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackageManager {
    /// `apt-get` / `apt` (Debian, Ubuntu).
    Apt,
    /// `apk` (Alpine).
    Apk,
    /// `microdnf` (Oracle Linux slim).
    Microdnf,
    /// No package manager (BusyBox, Windows).
    None,
    /// Not known from the tables.
    Unknown,
}

/// How the local (uncompressed) size relates to the remote (compressed) one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildMatch {
    /// Same Image ID: both numbers describe the same image.
    SameImage,
    /// A different build of the same tag (see `created`).
    DifferentBuild,
    /// The Image IDs were not compared (first pass of the data gathering).
    NotCompared,
}

/// `docker image inspect` size of a local build, as repo-info prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalSize {
    /// Printed "Virtual Size" × 1,000,000 (repo-info prints MB with 2 decimals).
    pub bytes: u64,
    /// Rounding of the printed value: ±5,000 B for "Mb", ±5,000,000 B for "Gb".
    pub tolerance: u64,
    /// The value as printed, e.g. `~ 119.2 Mb`.
    pub printed: &'static str,
    /// Whether it is the same image as the compressed size.
    pub build: BuildMatch,
    /// When the local image was created (RFC 3339, as printed).
    pub created: Option<&'static str>,
    /// The repo-info local file it comes from (`docker image inspect`
    /// VirtualSize); date = image creation.
    pub source: Source,
}

/// Operating-system facts of a measured image row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowOs {
    /// The distribution.
    pub distro: Distro,
    /// Its version (`13`, `3.24.2`, `24.04`, `1.38.0` for BusyBox).
    pub version: Option<&'static str>,
    /// Its codename (`trixie`) or, for BusyBox, the build flavour.
    pub codename: Option<&'static str>,
    /// The C library.
    pub libc: Libc,
    /// The package manager.
    pub package_manager: PackageManager,
    /// Which line of the repo-info file (or other evidence) says so.
    pub basis: &'static str,
    /// The distro was inferred, not stated (python:3.8-slim = bullseye).
    pub inferred: bool,
}

/// One official image build (linux/amd64) with its sizes, from
/// `base-images.csv` (docker-library/repo-info).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseImage {
    /// Image name, e.g. `python`.
    pub image: &'static str,
    /// Tag, e.g. `3.12-slim`.
    pub tag: &'static str,
    /// Exact registry "Total Size" (gzip transfer size, sum of the layers).
    pub compressed_bytes: u64,
    /// The compressed sizes of the layers, in order.
    pub layers: &'static [u32],
    /// The uncompressed size of a local build of the tag, where read.
    pub local: Option<LocalSize>,
    /// Distro, libc, package manager.
    pub os: RowOs,
    /// `PYTHON_VERSION=3.12.13`-style runtime version from the file.
    pub runtime_note: Option<&'static str>,
    /// Newest layer "Last Modified" date: when the image was published.
    pub image_date: Date,
    /// The repo-info remote file (`docker-library/repo-info@<commit>
    /// repos/<image>/remote/<tag>.md`, whose linux/amd64 "Total Size" and
    /// layer sizes these are); date = `image_date`.
    pub source: Source,
    /// The row is from the January 2023 snapshot or marked HISTORICAL.
    pub historical: bool,
}

// ---------------------------------------------------------------- tags

/// One `library/<image>` file of docker-library/official-images.
///
/// The tags are stored compactly: one `\n`-joined string, sorted, with the
/// start offset of each tag (plus a final sentinel) and its block index.
#[derive(Debug)]
pub(crate) struct TagImage {
    pub name: &'static str,
    pub groups: &'static [TagGroup],
    /// Sorted tags, each followed by `\n`.
    pub tags: &'static str,
    /// Start of each tag in `tags`, plus `tags.len()`.
    pub offsets: &'static [u16],
    /// Block (index into `groups`) of each tag.
    pub tag_groups: &'static [u8],
}

impl TagImage {
    /// Number of tags.
    pub fn len(&self) -> usize {
        self.tag_groups.len()
    }

    /// The `i`-th tag in sorted order.
    pub fn tag(&self, i: usize) -> &'static str {
        &self.tags[self.offsets[i] as usize..self.offsets[i + 1] as usize - 1]
    }

    /// The index of a tag, by binary search.
    pub fn find(&self, tag: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.tag(mid).cmp(tag) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The block of the `i`-th tag.
    pub fn group_of(&self, i: usize) -> usize {
        self.tag_groups[i] as usize
    }

    /// The tags of block `gi`.
    pub fn tags_of_group(&'static self, gi: usize) -> impl Iterator<Item = &'static str> {
        (0..self.len())
            .filter(move |&i| self.group_of(i) == gi)
            .map(move |i| self.tag(i))
    }
}

/// One block of a `library/<image>` file: tags that are the same image.
#[derive(Debug)]
pub(crate) struct TagGroup {
    /// Index of the image in `TAG_IMAGES`.
    pub image: u8,
    /// The amd64 directory of the block, e.g. `3.12/slim-trixie`.
    pub directory: &'static str,
    /// The comment above the block (`bookworm -- Debian 12.15 Released …`).
    pub comment: Option<&'static str>,
    /// Index of the most explicit tag at the image's version line (`3.12-slim-trixie`).
    pub canonical: u16,
    /// Index of the most explicit tag with the full version
    /// (`3.12.14-slim-trixie`), `u16::MAX` if none.
    pub full: u16,
    /// The block builds for a Linux architecture.
    pub linux: bool,
    /// The block builds for linux/amd64.
    pub amd64: bool,
    /// A pre-release block (`3.15-rc`).
    pub prerelease: bool,
}

impl TagGroup {
    fn family(&self) -> &'static TagImage {
        &TAG_IMAGES[self.image as usize]
    }

    /// The most explicit tag at the version line: `3.12-slim-trixie`.
    pub fn canonical(&self) -> &'static str {
        self.family().tag(self.canonical as usize)
    }

    /// The most explicit full-version tag: `3.12.14-slim-trixie`.
    pub fn full(&self) -> Option<&'static str> {
        (self.full != u16::MAX).then(|| self.family().tag(self.full as usize))
    }

    /// The block's full version (`3.12.14`), empty if none.
    pub fn version(&self) -> &'static str {
        let t = self.full().unwrap_or(self.canonical());
        let p = crate::tagparse::split_tag(t);
        if crate::tagparse::is_version_candidate(&p) {
            p.version
        } else {
            ""
        }
    }

    /// The version line (`3.12`, node `24`), empty if none.
    pub fn line(&self) -> &'static str {
        crate::tagparse::version_line(
            self.version(),
            crate::tagparse::line_components(self.family().name),
        )
    }

    /// The variant key (`slim`, `alpine`, empty for the default variant).
    pub fn variant(&self) -> String {
        crate::tagparse::split_tag(self.canonical()).variant_key()
    }

    /// The distro token (`trixie`, `alpine3.24`), if the canonical tag has one.
    pub fn distro(&self) -> Option<&'static str> {
        crate::tagparse::split_tag(self.canonical()).distro
    }
}

// ---------------------------------------------------------------- python history

/// When one Python tag family (minor version × release kind × variant suffix)
/// existed in docker-library/official-images `library/python`
/// (`python-tag-history.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PyTagHistory {
    /// `3.12`.
    pub minor: &'static str,
    /// Pre-release tags (`3.12-rc-…`, `3.12.0a4-…`).
    pub prerelease: bool,
    /// Text after the version, e.g. `slim-buster`; empty for the plain tag.
    pub suffix: &'static str,
    /// The variant group of the suffix.
    pub variant_group: VariantGroup,
    /// First commit date where the tag existed.
    pub first_seen: Date,
    /// Last commit date where the tag existed.
    pub last_seen: Date,
    /// Date of the commit that removed it (None: still present at the snapshot).
    pub removed: Option<Date>,
    /// That commit (first 12 hex digits).
    pub removed_commit: Option<&'static str>,
    /// Present at the snapshot HEAD.
    pub present_at_head: bool,
    /// More than 1 means it was dropped and re-added.
    pub presence_intervals: u8,
    /// First full version published under it (`3.12.0`).
    pub first_full_version: &'static str,
    /// Last full version published under it (`3.12.14`).
    pub last_full_version: &'static str,
}

/// The variant group of a Python tag suffix (`python-tag-history.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VariantGroup {
    /// The plain version tag (`3.12`).
    Default,
    /// A full Debian variant (`3.12-bookworm`).
    DebianFull,
    /// A slim Debian variant (`3.12-slim-bookworm`).
    DebianSlim,
    /// `slim` without a distro (`3.12-slim`).
    Slim,
    /// An Alpine variant (`3.12-alpine`, `3.12-alpine3.20`).
    Alpine,
    /// A Windows Server Core variant.
    WindowsServerCore,
    /// The old `onbuild` variant.
    Onbuild,
}

// ---------------------------------------------------------------- end of life

/// One release cycle's end-of-life dates (`eol.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EolRow {
    /// `python`, `debian`, `alpine`, `ubuntu`, `nodejs`, `go`.
    pub product: &'static str,
    /// `3.12`, `12`, `3.24`, `24.04`, `22`, `1.26`.
    pub cycle: &'static str,
    /// `Bookworm`, `Noble Numbat`, …
    pub codename: Option<&'static str>,
    /// Release date of the cycle.
    pub release: Option<Date>,
    /// End of life (Debian: end of security support; Ubuntu: end of standard
    /// support; Node.js: end of maintenance). None: the source gives no date
    /// (Go 1.26/1.27 are supported until two newer releases exist).
    pub eol: Option<Date>,
    /// Debian LTS / Ubuntu ESM end, where there is one.
    pub extended_end: Option<Date>,
    /// End of active (bugfix) support.
    pub active_support_end: Option<Date>,
    /// Status as the source states it (`end-of-life`, `security`, `LTS`, …).
    pub status_in_source: &'static str,
    /// Precision of `eol` as the source gives it.
    pub eol_precision: Precision,
    /// `eol` is a planned date (after the source snapshot, or marked planned).
    pub planned: bool,
    /// The upstream file and commit; date = snapshot date.
    pub source: Source,
}

// ---------------------------------------------------------------- pip

/// Outcome of measuring a pip package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasureStatus {
    /// Installed and measured.
    Ok,
    /// The install failed (the text says why).
    Failed(&'static str),
    /// Not installed (the text says why; some figures may still be given).
    Skipped(&'static str),
}

/// A PyPI requirement resolved for one CPython minor version, with its
/// closure and bytes (`pip-packages.csv`, written by `scripts/data/pip`):
/// `pip install --dry-run --report` for that Python on manylinux x86_64,
/// the wheels' sizes from their zip directories, `.pyc` measured by a real
/// install with CPython 3.11 (other versions: an estimate, `pyc_measured`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipPackage {
    /// Name as requested (`Flask`).
    pub name: &'static str,
    /// PEP 503-normalised name (`flask`).
    pub normalized: &'static str,
    /// Requested extras, normalised, comma-separated (`standard`), or empty.
    pub extras: &'static str,
    /// The version pip resolved (the newest release the spec allows).
    pub version: &'static str,
    /// The requirement as given to pip (`flask`, `Flask<1.2,>=1.1.1`).
    pub requested_spec: &'static str,
    /// The CPython minor version it was resolved for (`3.11`).
    pub python: &'static str,
    /// Bytes of the package and its dependencies as installed, incl. `.pyc`.
    pub installed_bytes_with_deps: Option<u64>,
    /// Of which `__pycache__/*.pyc` files (what `--no-compile` avoids).
    pub pyc_bytes_with_deps: Option<u64>,
    /// Whether the `.pyc` bytes were measured (CPython 3.11) or estimated
    /// from the `.py` bytes and the 3.11 ratio.
    pub pyc_measured: bool,
    /// Bytes of the wheels pip downloads: what its HTTP cache keeps without
    /// `--no-cache-dir` (an estimate of the cache, see the README).
    pub wheel_bytes_with_deps: Option<u64>,
    /// Wheels built locally from sdists (pip's wheel cache).
    pub local_wheel_cache_bytes: Option<u64>,
    /// Number of other distributions installed.
    pub n_deps: u16,
    /// `name==version;name==version` of the dependencies (normalised names).
    pub dependencies: &'static str,
    /// Console scripts of the whole closure (`;`-separated).
    pub console_scripts: &'static str,
    /// `yes` when every compiled wheel of the closure also has a musllinux
    /// wheel; else `no: name name` (those without one).
    pub musllinux: &'static str,
    /// Whether the resolution succeeded.
    pub status: MeasureStatus,
    /// Measurement setup and date.
    pub source: Source,
}

/// Whether a wheel's release also has a musllinux x86_64 wheel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuslWheel {
    /// A pure-Python wheel: installs on musl as it is.
    Pure,
    /// A musllinux wheel exists for the same version and Python/ABI.
    Yes,
    /// Only glibc (manylinux) wheels: on Alpine pip builds it from source.
    No,
}

/// One wheel of a measured closure (`pip-dists.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipDist {
    /// PEP 503-normalised name.
    pub name: &'static str,
    /// Version.
    pub version: &'static str,
    /// Lowest and highest CPython 3 minor version the wheel's tag installs
    /// on (99: no upper bound; `py3` = 0..99).
    pub python_min: u32,
    /// See `python_min`.
    pub python_max: u32,
    /// Bytes of the wheel file (the download).
    pub wheel_bytes: u64,
    /// Sum of the wheel's member sizes (what pip unpacks, unchanged).
    pub unpacked_bytes: u64,
    /// Bytes of the console-script launchers pip writes (its template).
    pub launcher_bytes: u32,
    /// Bytes of its `.py` files (what pip compiles to `.pyc`).
    pub py_bytes: u64,
    /// A real `pip install --no-deps --target` with CPython 3.11: all bytes.
    pub installed_bytes_cp311: Option<u64>,
    /// Of which `.pyc`.
    pub pyc_bytes_cp311: Option<u64>,
    /// Its console scripts (`;`-separated).
    pub console_scripts: &'static str,
    /// musllinux availability.
    pub musllinux: MuslWheel,
    /// Built here from an sdist (no wheel on PyPI).
    pub built_from_sdist: bool,
    /// Measurement setup and date.
    pub source: Source,
}

// ---------------------------------------------------------------- debian

/// A Debian release of the apt tables (`debian-apt.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DebianRelease {
    /// Debian 12.
    Bookworm,
    /// Debian 13.
    Trixie,
}

/// What apt knows a name as, in one release (`debian-apt.csv` `status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AptStatus {
    /// A real package with a candidate version.
    Package,
    /// A virtual name only: some packages provide it (`provides` lists them).
    Virtual,
    /// No package, no provider, not referenced: `apt-get install` stops with
    /// "E: Unable to locate package".
    Absent,
    /// Referenced by other packages' fields, but no package and no provider:
    /// `apt-get install` stops with "E: Package '…' has no installation
    /// candidate".
    NoCandidate,
}

/// A package (or virtual or missing name) in one release, as
/// `apt-cache dumpavail` gives its candidate (`debian-apt.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AptPackage {
    /// Index of the name in the table's name list.
    pub(crate) name: u16,
    /// Release.
    pub release: DebianRelease,
    /// Candidate version (packages only).
    pub version: Option<&'static str>,
    /// `Installed-Size`, KiB (packages only).
    pub installed_kib: Option<u32>,
    /// Pre-Depends then Depends: name indices, bit 15 set on an alternative
    /// after the first of its group.
    pub(crate) depends: &'static [u16],
    /// Recommends, same encoding.
    pub(crate) recommends: &'static [u16],
    /// A package: the virtual names it provides; a virtual name: its
    /// providers. Sorted name indices.
    pub(crate) provides: &'static [u16],
    /// Debian priority: 5 required, 4 important, 3 standard, 2 optional,
    /// 1 extra, 0 none.
    pub priority: u8,
    /// What the name is in the release.
    pub status: AptStatus,
    /// 1: embedded everywhere; 2: the long tail.
    pub tier: u8,
}

/// Where a release's apt rows come from (`debian-apt-releases.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AptRelease {
    /// Release.
    pub release: DebianRelease,
    /// Point release of the main suite's Release file (`12.15`).
    pub point_release: &'static str,
    /// Date of the main suite's Release file.
    pub release_date: Date,
    /// Date of the -updates Release file.
    pub updates_date: Date,
    /// Date of the -security Release file.
    pub security_date: Date,
    /// When the lists were read.
    pub read_date: Date,
    /// `apt-get --version`, first line.
    pub apt_version: &'static str,
    /// Packages in the lists (amd64 + all).
    pub packages_in_lists: u64,
    /// How the rows were made.
    pub method: &'static str,
}

// ---------------------------------------------------------------- apk

/// Where an apk size comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApkOrigin {
    /// `apk info` listing in a repo-info local file of an alpine-based image
    /// (the package as installed in that image).
    ImageListing,
    /// A pkgs.alpinelinux.org package page.
    PackagePage,
}

/// An Alpine package's installed size (`apk-packages.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApkPackage {
    /// Alpine release as written (`3.24.1`, `3.17`, `v3.24`).
    pub alpine_release: &'static str,
    /// The release branch, `(3, 24)`.
    pub branch: (u8, u8),
    /// Architecture (`x86_64`; some rows are other architectures).
    pub arch: &'static str,
    /// Package name.
    pub name: &'static str,
    /// Package version.
    pub version: &'static str,
    /// Installed size as printed (`159 MiB`).
    pub installed_printed: &'static str,
    /// Installed size in bytes (from the printed IEC value, so approximate).
    pub installed_bytes: u64,
    /// Download size as printed, where given.
    pub download_printed: Option<&'static str>,
    /// Kind of source.
    pub origin: ApkOrigin,
    /// The file or page; date = image creation or package build time.
    pub source: Source,
}

/// A measured compressed layer of `apk add` (`apk-packages.csv` LAYER rows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApkLayer {
    /// Alpine release.
    pub alpine_release: &'static str,
    /// The command, e.g. `apk add --no-cache ca-certificates musl-dev gcc`.
    pub command: &'static str,
    /// Compressed (gzip) layer size, bytes.
    pub compressed_bytes: u64,
    /// The repo-info file; date = layer Last-Modified.
    pub source: Source,
}

// ---------------------------------------------------------------- npm

/// The package names one npm table's trees refer to: `text` holds them
/// back to back, `offsets` the start of each (plus a final sentinel), sorted.
#[derive(Debug)]
pub struct NpmNames {
    /// The names, concatenated in sorted order.
    pub text: &'static str,
    /// Start of each name in `text`, plus `text.len()`.
    pub offsets: &'static [u32],
}

impl NpmNames {
    /// The `i`-th name.
    pub fn get(&self, i: usize) -> &'static str {
        &self.text[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// One set of measured npm packages (`npm-packages.csv`): a tier of the
/// bundled table, or the long tail loaded at run time ([`crate::load_long_tail`]).
#[derive(Debug)]
pub struct NpmTable {
    /// Rows sorted by (name, requested range).
    pub rows: &'static [NpmPackage],
}

/// An npm package installed alone into an empty project with its dependency
/// tree (`npm install --ignore-scripts <spec>`, node_modules measured as the
/// apparent bytes of its files and links), from `npm-packages.csv`.
#[derive(Clone, Copy, Debug)]
pub struct NpmPackage {
    /// Package name (`express`, `@angular/cli`).
    pub name: &'static str,
    /// The range asked for (`^4.17.1`, `13`), empty for the newest release.
    pub requested: &'static str,
    /// The version installed.
    pub version: &'static str,
    /// Bytes under node_modules, the whole tree (with npm's hidden lock file
    /// and the `.bin` links).
    pub installed_bytes: Option<u64>,
    /// The same files' allocated blocks on the measuring machine (ext4, 4 KiB blocks).
    pub allocated_bytes: Option<u64>,
    /// The package's own directory, without its nested node_modules.
    pub own_bytes: Option<u64>,
    /// The tree's `.tgz` files as npm's cache stored them.
    pub tarball_bytes: Option<u64>,
    /// The packuments (package documents) of the tree's names as npm's cache
    /// stored them: fetched by an install without a lock file (or with an
    /// old lockfileVersion 1 lock, npm 7 and later).
    pub packument_bytes: Option<u64>,
    /// Packages in the tree, the package itself included.
    pub n_packages: u16,
    /// Rank by monthly downloads in the ranking used (None: named in the
    /// corpus or the checks, not in the top list).
    pub rank: Option<u16>,
    /// The package's `bin` entries, `;`-separated.
    pub bins: &'static str,
    /// Whether the measurement succeeded.
    pub status: MeasureStatus,
    /// Measurement setup and date.
    pub source: Source,
    /// 1: embedded everywhere; 2: the long tail (the CLI; the page fetches it).
    pub tier: u8,
    /// The names the tree's entries refer to.
    pub names: &'static NpmNames,
    /// The tree: (index into `names`, installed copies of that name, bytes
    /// of all of them).
    pub tree: &'static [(u16, u16, u32)],
}

include!(concat!(env!("OUT_DIR"), "/tables.rs"));
