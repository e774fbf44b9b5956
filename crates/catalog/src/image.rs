//! `lookup`: everything the tables say about an image reference on a given
//! day — whether the tag is published, its canonical form, OS, runtime,
//! end of life, a suggested replacement, sizes and defaults.

use crate::data::{TagGroup, TagImage, TAGS_SOURCE, TAG_IMAGES};
use crate::defaults::{image_defaults, ImageDefaults};
use crate::eol::{eol, EolStatus};
use crate::size::ImageSize;
use crate::tagparse::{self, split_tag, DistroToken, TagParts};
use crate::version::version_key;
use crate::{
    BaseImage, Date, Distro, ImageRef, Libc, PackageManager, PyTagHistory, Source, VariantGroup,
    BASE_IMAGES, EOL, PYTHON_TAG_HISTORY,
};

/// Everything the catalogue knows about an image reference.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageInfo {
    /// Short repository name (`python`, `mycorp/app`).
    pub image: String,
    /// The tag looked up: the reference's tag, or `latest`.
    pub tag: String,
    /// The digest the reference pins, if any (Docker pulls by digest then).
    pub digest: Option<String>,
    /// Published now, no longer, never, not listed, or unknown image.
    pub status: TagStatus,
    /// The most explicit tag of the same image at the same version line
    /// (`python:3.12-slim` → `3.12-slim-trixie`; `latest` → `3.14-trixie`).
    pub canonical_tag: Option<&'static str>,
    /// The full-version alias (`3.12.14-slim-trixie`), per the tags snapshot.
    pub full_version_tag: Option<&'static str>,
    /// Where the tag facts come from (official-images snapshot).
    pub tags_source: Option<Source>,
    /// Distro, version, libc, package manager.
    pub os: Option<Os>,
    /// The language runtime (python 3.12.13, node 24.19.0, …).
    pub runtime: Option<Runtime>,
    /// End of life of the distro release on the day asked.
    pub distro_eol: Option<EolStatus>,
    /// End of life of the runtime line on the day asked.
    pub runtime_eol: Option<EolStatus>,
    /// A published tag to use instead, when this one is not published, or
    /// its runtime or distro reached end of life.
    pub suggestion: Option<Suggestion>,
    /// Sizes of the measured build of this tag; None when the table has no
    /// build of it (unknown, never zero).
    pub size: Option<ImageSize>,
    /// What the image sets up (user, ENV, CMD, notable paths), if sourced.
    pub defaults: Option<&'static ImageDefaults>,
}

/// Whether a tag can be pulled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagStatus {
    /// Listed in the official-images snapshot.
    PublishedNow {
        /// The tag has a linux/amd64 image (false for Windows-only tags).
        linux_amd64: bool,
    },
    /// It existed and was removed (or is an older patch release).
    NoLongerPublished {
        /// Last day it was seen published, where the tables say.
        last_seen: Option<Date>,
        /// Day it was removed, where the tables say.
        removed: Option<Date>,
        /// Explanation for people.
        note: String,
        /// Where this comes from.
        source: Source,
    },
    /// It never existed (python only: decided from the tag history).
    NeverPublished {
        /// Explanation for people.
        reason: String,
        /// A published tag to use instead.
        suggestion: Option<Suggestion>,
        /// Where this comes from.
        source: Source,
    },
    /// The image is in the tables but this tag is not listed now, and the
    /// tables cannot tell whether it ever existed.
    NotListed {
        /// A published tag to use instead.
        suggestion: Option<Suggestion>,
    },
    /// The tables know nothing about this image; nothing is claimed.
    Unknown(UnknownReason),
}

/// Why a reference is not covered by the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownReason {
    /// Not on Docker Hub (ghcr.io, a private registry, …).
    NotDockerHub,
    /// On Docker Hub but not an official image (`mycorp/app`).
    NotOfficialImage,
    /// An official image the tables do not cover (`hello-world`).
    ImageNotInCatalog,
    /// `FROM scratch`: the empty image.
    Scratch,
    /// Pinned by digest only: which tag it is cannot be told.
    DigestOnly,
}

impl UnknownReason {
    /// A sentence for people.
    pub fn message(self) -> &'static str {
        match self {
            UnknownReason::NotDockerHub => {
                "the image is not on Docker Hub; Layerlab has no data about it"
            }
            UnknownReason::NotOfficialImage => {
                "not a Docker Official Image; Layerlab has no data about it"
            }
            UnknownReason::ImageNotInCatalog => "an official image Layerlab has no data about",
            UnknownReason::Scratch => "scratch is the empty image: no files, no OS",
            UnknownReason::DigestOnly => {
                "pinned by digest only: which tag it is cannot be told from the tables"
            }
        }
    }
}

/// The operating system of an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Os {
    /// Distribution.
    pub distro: Distro,
    /// Release (`13`, `3.24.2`, `24.04`), if known.
    pub version: Option<&'static str>,
    /// Codename (`trixie`), if known.
    pub codename: Option<&'static str>,
    /// C library.
    pub libc: Libc,
    /// Package manager.
    pub package_manager: PackageManager,
    /// How this is known.
    pub basis: OsBasis,
}

/// How the OS of an image is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsBasis {
    /// From the measured build (`base-images.csv`); `basis` names the line of
    /// the repo-info file, `inferred` marks a value not stated there.
    Measured {
        /// The evidence as the table states it.
        basis: &'static str,
        /// Inferred rather than stated.
        inferred: bool,
        /// The repo-info file.
        source: Source,
    },
    /// From the tag's build directory (`3.12/slim-trixie`) or block comment
    /// in the official-images snapshot.
    TagsTable {
        /// The directory (or comment) it was read from.
        evidence: &'static str,
        /// The snapshot.
        source: Source,
    },
    /// From the tag's name and the Python tag history (variant group).
    TagName,
}

/// The language runtime of an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Runtime {
    /// `python`, `node`, `go`, `rust`, `ruby`, `php`, `java`, `postgres`, …
    pub name: &'static str,
    /// Full version (`3.12.13`), if known.
    pub version: Option<String>,
    /// Version line used for end of life (`3.12`, node `24`), if known.
    pub line: Option<String>,
    /// How the version is known.
    pub basis: RuntimeBasis,
}

/// How a runtime version is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeBasis {
    /// The `ENV` of the measured build (`PYTHON_VERSION=3.12.13`).
    ImageEnv {
        /// The note as in the table.
        note: &'static str,
        /// The repo-info file.
        source: Source,
    },
    /// The full-version tag of the same block in the tags snapshot.
    TagsTable {
        /// The snapshot.
        source: Source,
    },
    /// The Python tag history (last full version of the tag family).
    History {
        /// The history table.
        source: Source,
    },
    /// Only the tag name says it.
    TagName,
}

/// A published tag to use instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The tag (`3.12-slim-bookworm`).
    pub tag: &'static str,
    /// The tag as a familiar reference (`python:3.12-slim-bookworm`).
    pub reference: String,
    /// Other good choices (`3.12-slim`, the oldest supported line).
    pub alternatives: Vec<&'static str>,
    /// Why, for people.
    pub reason: String,
}

// ------------------------------------------------------------------ families

/// The runtime an official image ships, and the `eol.csv` product for its
/// lifecycle (for distro images the distro itself).
fn runtime_of(image: &str) -> Option<(&'static str, &'static str)> {
    // (runtime name, env var in runtime_note)
    Some(match image {
        "python" => ("python", "PYTHON_VERSION"),
        "node" => ("node", "NODE_VERSION"),
        "golang" => ("go", "GOLANG_VERSION"),
        "rust" => ("rust", "RUST_VERSION"),
        "ruby" => ("ruby", "RUBY_VERSION"),
        "php" => ("php", "PHP_VERSION"),
        "eclipse-temurin" => ("java", "JAVA_VERSION"),
        "postgres" => ("postgres", "PG_VERSION"),
        "redis" => ("redis", "REDIS_VERSION"),
        "nginx" => ("nginx", "NGINX_VERSION"),
        "httpd" => ("httpd", "HTTPD_VERSION"),
        "mysql" => ("mysql", "MYSQL_VERSION"),
        _ => return None,
    })
}

/// The `eol.csv` product whose cycles are this image's version lines.
fn lifecycle_product(image: &str) -> Option<&'static str> {
    Some(match image {
        "python" => "python",
        "node" => "nodejs",
        "golang" => "go",
        "debian" => "debian",
        "alpine" => "alpine",
        "ubuntu" => "ubuntu",
        _ => return None,
    })
}

/// The first `n` dot-components of a version, minus any pre-release marker.
fn line_of(version: &str, n: usize) -> String {
    let v: String = version
        .split(['-', '+', '_'])
        .next()
        .unwrap_or("")
        .to_string();
    let parts: Vec<&str> = v.split('.').take(n).collect();
    let line = parts.join(".");
    match line.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => line[..i].to_string(),
        None => line,
    }
}

fn family(image: &str) -> Option<&'static TagImage> {
    TAG_IMAGES
        .binary_search_by(|f| f.name.cmp(image))
        .ok()
        .map(|i| &TAG_IMAGES[i])
}

fn group_tags(fam: &'static TagImage, gi: usize) -> impl Iterator<Item = &'static str> {
    fam.tags_of_group(gi)
}

fn base_row(image: &str, tag: &str) -> Option<&'static BaseImage> {
    BASE_IMAGES
        .binary_search_by(|r| (r.image, r.tag).cmp(&(image, tag)))
        .ok()
        .map(|i| &BASE_IMAGES[i])
}

/// `PYTHON_VERSION=3.12.13` → `3.12.13`.
fn runtime_version_of(row: &BaseImage) -> Option<&'static str> {
    row.runtime_note
        .and_then(|n| n.split_once('='))
        .map(|(_, v)| v)
}

/// Whether a measured row plausibly is a build of a tag group (same runtime
/// line and distro), so its sizes may be shown for the group.
fn row_matches_group(image: &str, row: &BaseImage, g: &TagGroup) -> bool {
    let n = tagparse::line_components(image);
    if !g.line().is_empty() {
        let row_line = match runtime_version_of(row) {
            Some(v) if runtime_of(image).is_some() => Some(line_of(v, n)),
            _ if runtime_of(image).is_none() => row.os.version.map(|v| line_of(v, n)),
            _ => None,
        };
        if let Some(rl) = row_line {
            if rl != g.line() {
                return false;
            }
        }
    }
    if let (Some(d), Some(code)) = (g.distro(), row.os.codename) {
        if tagparse::distro_token(d) == Some(DistroToken::Debian) && d != code {
            return false;
        }
    }
    true
}

// ------------------------------------------------------------------ OS

fn debian_version(codename: &str) -> Option<(&'static str, &'static str)> {
    let row = EOL.iter().find(|r| {
        r.product == "debian" && r.codename.is_some_and(|c| c.eq_ignore_ascii_case(codename))
    })?;
    let code = tagparse::DEBIAN_CODENAMES
        .iter()
        .find(|c| c.eq_ignore_ascii_case(codename))?;
    Some((row.cycle, code))
}

fn ubuntu_version(codename: &str) -> Option<&'static str> {
    EOL.iter()
        .find(|r| {
            r.product == "ubuntu"
                && r.codename
                    .and_then(|c| c.split_whitespace().next())
                    .is_some_and(|c| c.eq_ignore_ascii_case(codename))
        })
        .map(|r| r.cycle)
}

fn static_codename(tok: &str) -> Option<&'static str> {
    tagparse::DEBIAN_CODENAMES
        .iter()
        .chain(tagparse::UBUNTU_CODENAMES)
        .find(|c| **c == tok)
        .copied()
}

fn os_of(
    distro: Distro,
    version: Option<&'static str>,
    codename: Option<&'static str>,
    basis: OsBasis,
) -> Os {
    let (libc, package_manager) = match distro {
        Distro::Debian | Distro::Ubuntu => (Libc::Glibc, PackageManager::Apt),
        Distro::Alpine => (Libc::Musl, PackageManager::Apk),
        Distro::Windows => (Libc::Windows, PackageManager::None),
        Distro::BusyBox => (Libc::Unknown, PackageManager::None),
        Distro::OracleLinux | Distro::Ubi => (Libc::Glibc, PackageManager::Unknown),
    };
    Os {
        distro,
        version,
        codename,
        libc,
        package_manager,
        basis,
    }
}

/// OS from tokens of static strings (directory, tags).
fn os_from_tokens(image: &str, texts: &[&'static str], basis: OsBasis) -> Option<Os> {
    let tokens: Vec<&'static str> = texts
        .iter()
        .flat_map(|t| t.split(['/', '-']))
        .filter(|t| !t.is_empty())
        .collect();
    // the most specific alpine version wins
    for (i, tok) in tokens.iter().enumerate() {
        if tagparse::distro_token(tok) == Some(DistroToken::Alpine) {
            return Some(os_of(Distro::Alpine, Some(&tok[6..]), None, basis));
        }
        if *tok == "alpine"
            && tokens
                .get(i + 1)
                .is_some_and(|n| tagparse::is_dotted_number(n))
        {
            return Some(os_of(Distro::Alpine, Some(tokens[i + 1]), None, basis));
        }
    }
    for tok in &tokens {
        match tagparse::distro_token(tok) {
            Some(DistroToken::Debian) => {
                let (version, code) = match debian_version(tok) {
                    Some((v, c)) => (Some(v), Some(c)),
                    None => (None, static_codename(tok)),
                };
                return Some(os_of(Distro::Debian, version, code, basis));
            }
            Some(DistroToken::Ubuntu) => {
                return Some(os_of(
                    Distro::Ubuntu,
                    ubuntu_version(tok),
                    static_codename(tok),
                    basis,
                ));
            }
            Some(DistroToken::Windows) => {
                return Some(os_of(Distro::Windows, Some(tok), None, basis))
            }
            Some(DistroToken::Ubi) => {
                return Some(os_of(Distro::Ubi, Some(&tok[3..]), None, basis))
            }
            _ => {}
        }
        if matches!(*tok, "windows" | "windowsservercore" | "nanoserver") {
            return Some(os_of(Distro::Windows, None, None, basis));
        }
        if let Some(v) = tok.strip_prefix("oraclelinux") {
            return Some(os_of(
                Distro::OracleLinux,
                (!v.is_empty()).then_some(v),
                None,
                basis,
            ));
        }
        if *tok == "alpine" {
            return Some(os_of(Distro::Alpine, None, None, basis));
        }
        if *tok == "debian" && image != "debian" {
            return Some(os_of(Distro::Debian, None, None, basis));
        }
    }
    None
}

fn os_from_group(image: &str, g: &'static TagGroup) -> Option<Os> {
    let basis = |e: &'static str| OsBasis::TagsTable {
        evidence: e,
        source: TAGS_SOURCE,
    };
    match image {
        "alpine" => {
            let v = if g.version().is_empty() {
                None
            } else {
                Some(g.version())
            };
            return Some(os_of(Distro::Alpine, v, None, basis(g.canonical())));
        }
        "ubuntu" => {
            let code = g
                .comment
                .and_then(|c| c.split(['(', ')']).nth(1))
                .and_then(static_codename);
            let v = if g.line().is_empty() {
                None
            } else {
                Some(g.line())
            };
            return Some(os_of(
                Distro::Ubuntu,
                v,
                code,
                basis(g.comment.unwrap_or(g.canonical())),
            ));
        }
        "busybox" => {
            let mut os = os_of(
                Distro::BusyBox,
                (!g.version().is_empty()).then_some(g.version()),
                None,
                basis(g.directory),
            );
            for tok in g.directory.split('/') {
                os.libc = match tok {
                    "glibc" => Libc::Glibc,
                    "musl" => Libc::Musl,
                    "uclibc" => Libc::Uclibc,
                    _ => continue,
                };
            }
            return Some(os);
        }
        "debian" => {
            if let Some(os) = os_from_tokens(image, &[g.directory], basis(g.directory)) {
                return Some(os);
            }
            // stable/oldstable: "stable -- Debian 13.6 Released …"; a slim
            // block takes the comment of the block of the same suite
            let suite = g.directory.split('/').next().unwrap_or("");
            let comment = g.comment.or_else(|| {
                family(image)?
                    .groups
                    .iter()
                    .find(|o| o.comment.is_some() && o.directory.split('/').next() == Some(suite))?
                    .comment
            });
            if let Some(c) = comment {
                if let Some(i) = c.find("Debian ") {
                    let rest = &c[i + 7..];
                    let end = rest
                        .find(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
                        .unwrap_or(rest.len());
                    if end > 0 {
                        let major = rest[..end].split('.').next().unwrap_or("");
                        let row = EOL
                            .iter()
                            .find(|r| r.product == "debian" && r.cycle == major);
                        let code = row.and_then(|r| r.codename).and_then(|c| {
                            tagparse::DEBIAN_CODENAMES
                                .iter()
                                .find(|d| d.eq_ignore_ascii_case(c))
                                .copied()
                        });
                        return Some(os_of(Distro::Debian, row.map(|r| r.cycle), code, basis(c)));
                    }
                }
            }
            return Some(os_of(Distro::Debian, None, None, basis(g.directory)));
        }
        _ => {}
    }
    let mut texts = vec![g.directory, g.canonical()];
    if let Some(f) = g.full() {
        texts.insert(0, f);
    }
    os_from_tokens(image, &texts, basis(g.directory))
}

fn os_from_row(row: &'static BaseImage) -> Os {
    Os {
        distro: row.os.distro,
        version: row.os.version,
        codename: row.os.codename,
        libc: row.os.libc,
        package_manager: row.os.package_manager,
        basis: OsBasis::Measured {
            basis: row.os.basis,
            inferred: row.os.inferred,
            source: row.source,
        },
    }
}

fn distro_eol(os: &Os, today: Date) -> Option<EolStatus> {
    let v = os.version?;
    let row = match os.distro {
        Distro::Debian => eol("debian", v.split('.').next()?),
        Distro::Alpine => eol("alpine", &line_of(v, 2)),
        Distro::Ubuntu => eol("ubuntu", v),
        _ => None,
    }?;
    Some(row.status(today))
}

/// Order and lifecycle of a distro token, for choosing a replacement.
fn distro_rank(tok: &str) -> Option<(u8, u32)> {
    match tagparse::distro_token(tok)? {
        DistroToken::Debian => Some((
            0,
            tagparse::DEBIAN_CODENAMES.iter().position(|c| *c == tok)? as u32,
        )),
        DistroToken::Alpine => {
            let k = version_key(&tok[6..]);
            Some((
                1,
                k.first().copied().unwrap_or(0) * 1000 + k.get(1).copied().unwrap_or(0),
            ))
        }
        DistroToken::Ubuntu => Some((
            2,
            tagparse::UBUNTU_CODENAMES.iter().position(|c| *c == tok)? as u32,
        )),
        DistroToken::Windows => Some((3, tok[4..].parse().ok()?)),
        DistroToken::Ubi => Some((4, tok[3..].parse().ok()?)),
    }
}

fn distro_token_ended(tok: &str, today: Date) -> bool {
    let row = match tagparse::distro_token(tok) {
        Some(DistroToken::Debian) => debian_version(tok).and_then(|(v, _)| eol("debian", v)),
        Some(DistroToken::Alpine) => eol("alpine", &tok[6..]),
        Some(DistroToken::Ubuntu) => ubuntu_version(tok).and_then(|v| eol("ubuntu", v)),
        _ => None,
    };
    row.is_some_and(|r| r.status(today).support.is_ended())
}

// ------------------------------------------------------------------ suggestions

struct Wanted<'a> {
    line: Option<String>,
    variant: String,
    distro: Option<&'a str>,
    /// The tag asked for is published (the suggestion is for end of life).
    published: bool,
}

fn line_ended(image: &str, line: &str, today: Date) -> Option<bool> {
    let product = lifecycle_product(image)?;
    let row = eol(product, line)?;
    Some(row.status(today).support.is_ended())
}

/// The tag in group `gi` that floats with the line: version = line, no
/// distro (`3.12-slim`, `26`, `3.24`).
fn floating_tag(fam: &'static TagImage, gi: usize) -> Option<&'static str> {
    let g = &fam.groups[gi];
    group_tags(fam, gi).find(|t| {
        let p = split_tag(t);
        p.version == g.line()
            && p.distro.is_none()
            && p.variant_key() == g.variant()
            && !p.prerelease
    })
}

fn suggest(image: &str, fam: &'static TagImage, w: &Wanted<'_>, today: Date) -> Option<Suggestion> {
    let has_eol_data = lifecycle_product(image).is_some();
    let candidates: Vec<usize> = fam
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            g.linux && g.amd64 && !g.prerelease && g.variant() == w.variant && !g.line().is_empty()
        })
        // where the product has end-of-life data, only lines it knows
        .filter(|(_, g)| !has_eol_data || line_ended(image, g.line(), today).is_some())
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let p = Picker {
        image,
        fam,
        w,
        today,
        candidates,
        name: runtime_of(image).map_or(image, |r| r.0),
    };
    if let Some(line) = w.line.as_deref().filter(|l| !p.ended(l)) {
        if let Some(s) = p.same_line(line) {
            return Some(s);
        }
    }
    p.newest_line()
}

/// What [`suggest`] picks from: the tag groups that could replace the one
/// wanted (`candidates`, indices into `fam.groups`).
struct Picker<'a> {
    image: &'a str,
    fam: &'static TagImage,
    w: &'a Wanted<'a>,
    today: Date,
    candidates: Vec<usize>,
    /// The runtime's name (`Python`), else the image's.
    name: &'a str,
}

impl Picker<'_> {
    fn ended(&self, line: &str) -> bool {
        line_ended(self.image, line, self.today).unwrap_or(false)
    }

    fn distro_ok(&self, i: usize) -> bool {
        self.fam.groups[i]
            .distro()
            .is_none_or(|d| !distro_token_ended(d, self.today))
    }

    fn suggestion(
        &self,
        tag: &'static str,
        alternatives: Vec<&'static str>,
        reason: String,
    ) -> Suggestion {
        Suggestion {
            tag,
            reference: format!("{}:{tag}", self.image),
            alternatives,
            reason,
        }
    }

    /// The candidates of one line.
    fn of_line(&self, line: &str) -> Vec<usize> {
        self.candidates
            .iter()
            .copied()
            .filter(|&i| self.fam.groups[i].line() == line)
            .collect()
    }

    /// Case A: the line is fine, only the distro (or the exact tag) is not.
    fn same_line(&self, line: &str) -> Option<Suggestion> {
        let (fam, w, name) = (self.fam, self.w, self.name);
        let same_line = self.of_line(line);
        if same_line.is_empty() {
            return None;
        }
        let floating = same_line.iter().find_map(|&i| floating_tag(fam, i));
        let pick = self.nearest_distro(&same_line);
        let (tag, alternatives) = match pick {
            Some(i) => (
                fam.groups[i].canonical(),
                floating
                    .into_iter()
                    .filter(|f| *f != fam.groups[i].canonical())
                    .collect(),
            ),
            None => (
                floating.unwrap_or(fam.groups[same_line[0]].canonical()),
                vec![],
            ),
        };
        let reason = match (w.distro, pick) {
            (Some(d), Some(i)) => format!(
                "{}; {} is the nearest newer release still published for {name} {line}{}",
                if w.published {
                    format!("{d} has reached end of life")
                } else {
                    format!("{name} {line} is not published on {d}")
                },
                fam.groups[i].distro().unwrap_or("?"),
                if alternatives.is_empty() {
                    String::new()
                } else {
                    format!(" ({} follows the newest)", alternatives[0])
                }
            ),
            _ => format!("{name} {line} is published as {tag}"),
        };
        Some(self.suggestion(tag, alternatives, reason))
    }

    /// Of `groups`, the nearest newer distro of the wanted one's family that
    /// is still supported, else the newest supported one.
    fn nearest_distro(&self, groups: &[usize]) -> Option<usize> {
        let want = self.w.distro.and_then(distro_rank)?;
        let ranked = |i: &usize| {
            self.fam.groups[*i]
                .distro()
                .and_then(distro_rank)
                .filter(|r| r.0 == want.0)
        };
        groups
            .iter()
            .filter(|i| ranked(i).is_some_and(|r| r.1 > want.1) && self.distro_ok(**i))
            .min_by_key(|i| ranked(i))
            .or_else(|| {
                groups
                    .iter()
                    .filter(|i| self.distro_ok(**i))
                    .max_by_key(|i| ranked(i))
            })
            .copied()
    }

    /// The tag that stands for a line: with a distro wanted, the newest
    /// supported one; else the floating tag, else the first.
    fn line_tag(&self, line: &str) -> Option<&'static str> {
        let fam = self.fam;
        let groups = self.of_line(line);
        if self.w.distro.is_some() {
            groups
                .iter()
                .filter(|i| self.distro_ok(**i))
                .max_by_key(|i| fam.groups[**i].distro().and_then(distro_rank))
                .map(|&i| fam.groups[i].canonical())
        } else {
            groups
                .iter()
                .find_map(|&i| floating_tag(fam, i))
                .or_else(|| groups.first().map(|&i| fam.groups[i].canonical()))
        }
    }

    /// Case B: the line itself is gone or ended: the newest supported line.
    fn newest_line(&self) -> Option<Suggestion> {
        let (fam, w, name) = (self.fam, self.w, self.name);
        let mut lines: Vec<&'static str> = self
            .candidates
            .iter()
            .map(|&i| fam.groups[i].line())
            .filter(|l| !self.ended(l))
            .collect();
        layerlab_sort::sort_by_key(&mut lines, |l| std::cmp::Reverse(version_key(l)));
        lines.dedup();
        let newest = *lines.first()?;
        let oldest = *lines.last()?;
        let tag = self.line_tag(newest)?;
        let mut alternatives = Vec::new();
        if w.distro.is_some() {
            if let Some(f) = self
                .of_line(newest)
                .into_iter()
                .find_map(|i| floating_tag(fam, i))
            {
                alternatives.push(f);
            }
        }
        if oldest != newest {
            if let Some(t) = self.line_tag(oldest) {
                alternatives.push(t);
            }
        }
        alternatives.retain(|a| *a != tag);
        let why = match w.line.as_deref() {
            Some(l) if self.ended(l) => format!("{name} {l} has reached end of life"),
            Some(l) => format!(
                "{name} {l} is not among the published tags{}",
                if w.variant.is_empty() {
                    String::new()
                } else {
                    format!(" with variant {}", w.variant)
                }
            ),
            None => "this tag is not published".to_string(),
        };
        let reason = format!(
            "{why}; {newest} is the newest supported line{}",
            if oldest != newest {
                format!(" ({oldest} is the oldest still supported)")
            } else {
                String::new()
            }
        );
        Some(self.suggestion(tag, alternatives, reason))
    }
}

// ------------------------------------------------------------------ python history

impl PyTagHistory {
    /// Where the tag history comes from (official-images git history).
    pub fn source(&self) -> Source {
        HISTORY_SOURCE
    }
}

const HISTORY_SOURCE: Source = Source {
    table: "python-tag-history.csv",
    detail: "git history of docker-library/official-images library/python (first-parent), 2014-06-23 to 2026-08-13, snapshot 37079fb336f5",
    date: Date::ymd(2026, 8, 21),
};

fn minor_of(version: &str) -> Option<String> {
    let l = line_of(version, 2);
    (l.split('.').count() == 2).then_some(l)
}

/// A tag the Python tag history proves was never published.
fn never_published(reason: String) -> TagStatus {
    TagStatus::NeverPublished {
        reason,
        suggestion: None,
        source: HISTORY_SOURCE,
    }
}

/// Decides a python tag that is not in the current snapshot.
fn python_history(
    tag: &str,
    parts: &TagParts<'_>,
) -> Option<(TagStatus, Option<&'static PyTagHistory>)> {
    let minor = minor_of(parts.version)?;
    let suffix = TagParts::suffix(tag);
    let full = parts.version_components() >= 3;
    let rows: Vec<&'static PyTagHistory> = PYTHON_TAG_HISTORY
        .iter()
        .filter(|r| r.minor == minor)
        .collect();
    if rows.is_empty() {
        let newest = PYTHON_TAG_HISTORY
            .iter()
            .map(|r| version_key(r.minor))
            .max()
            .unwrap_or_default();
        if version_key(&minor) > newest {
            let reason = format!(
                "there is no Python {minor} image (the newest in the tag history is {}.{})",
                newest[0], newest[1]
            );
            return Some((never_published(reason), None));
        }
        return None; // older than the history: cannot tell
    }
    let row = rows
        .iter()
        .find(|r| r.prerelease == parts.prerelease && r.suffix == suffix)
        .copied();
    let label = if suffix.is_empty() {
        minor.clone()
    } else {
        format!("{minor}-{suffix}")
    };
    let Some(row) = row else {
        let pre = rows
            .iter()
            .find(|r| r.prerelease && r.suffix == suffix && !parts.prerelease);
        let mut reason = format!(
            "python:{tag} was never published: no {label} tag ever appeared in library/python"
        );
        if let Some(p) = pre {
            reason.push_str(&format!(
                "; only pre-release tags ({}-rc-{suffix}) existed, from {} to {}",
                minor, p.first_seen, p.last_seen
            ));
        }
        return Some((never_published(reason), None));
    };
    if full {
        let v = version_key(parts.version);
        if v < version_key(row.first_full_version) || v > version_key(row.last_full_version) {
            let reason = format!(
                "python:{tag} was never published: the {label} tags carried {} to {}",
                row.first_full_version, row.last_full_version
            );
            return Some((never_published(reason), Some(row)));
        }
        let note = format!(
            "{} was published under {label} (which carried {} to {}); patch tags are replaced by newer releases",
            parts.version, row.first_full_version, row.last_full_version
        );
        return Some((
            TagStatus::NoLongerPublished {
                last_seen: None,
                removed: None,
                note,
                source: HISTORY_SOURCE,
            },
            Some(row),
        ));
    }
    let note = match row.removed {
        Some(r) => format!(
            "python:{tag} is no longer updated since {} (published from {}; dropped from the official-images library on {r}, commit {}; the last image is still pullable)",
            row.last_seen,
            row.first_seen,
            row.removed_commit.unwrap_or("?")
        ),
        None => format!("python:{tag} is in the tag history but not in the current snapshot: no longer updated (the last image is still pullable)"),
    };
    Some((
        TagStatus::NoLongerPublished {
            last_seen: Some(row.last_seen),
            removed: row.removed,
            note,
            source: HISTORY_SOURCE,
        },
        Some(row),
    ))
}

// ------------------------------------------------------------------ lookup

/// Looks up an image reference in the bundled tables, as of `today` (for
/// end-of-life states). Never fails: what the tables cannot say is `None` or
/// [`TagStatus::Unknown`]/[`TagStatus::NotListed`].
pub fn lookup(r: &ImageRef, today: Date) -> ImageInfo {
    let mut info = ImageInfo {
        image: r.familiar_name(),
        tag: r.tag_or_latest().to_string(),
        digest: r.digest().map(str::to_string),
        status: TagStatus::Unknown(UnknownReason::ImageNotInCatalog),
        canonical_tag: None,
        full_version_tag: None,
        tags_source: None,
        os: None,
        runtime: None,
        distro_eol: None,
        runtime_eol: None,
        suggestion: None,
        size: None,
        defaults: None,
    };
    if let Some(reason) = not_official(r) {
        info.status = TagStatus::Unknown(reason);
        return info;
    }
    let image = r.name();
    let Some(fam) = family(image) else {
        return info;
    };
    info.tags_source = Some(TAGS_SOURCE);
    if r.tag().is_none() && r.digest().is_some() {
        info.status = TagStatus::Unknown(UnknownReason::DigestOnly);
        return info;
    }
    let tag = r.tag_or_latest();
    let parts = split_tag(tag);
    let found = find_tag(&mut info, image, fam, tag, &parts);
    info.os = match (found.row, found.group) {
        (Some(b), _) => Some(os_from_row(b)),
        (None, Some(g)) => os_from_group(image, g),
        // from the tag's own name (history-only python tags)
        (None, None) => os_from_tag_name(image, &parts)
            .or_else(|| os_from_history_group(found.history?.variant_group)),
    };
    if let Some(os) = &info.os {
        info.distro_eol = distro_eol(os, today);
    }
    if let Some((name, _)) = runtime_of(image) {
        let (runtime, runtime_eol) = runtime_info(image, name, &found, &parts, today);
        info.runtime = Some(runtime);
        info.runtime_eol = runtime_eol;
    }
    info.size = found.row.map(ImageSize::of);
    info.defaults = info.os.and_then(|os| image_defaults(image, os.distro));
    let not_published = !matches!(info.status, TagStatus::PublishedNow { .. });
    let runtime_ended = info.runtime_eol.is_some_and(|e| e.support.is_ended());
    let distro_ended = info.distro_eol.is_some_and(|e| e.support.is_ended());
    if not_published || runtime_ended || distro_ended {
        let wanted = wanted(image, &info, found.group, &parts);
        info.suggestion = suggest(image, fam, &wanted, today);
        let s = info.suggestion.clone();
        match &mut info.status {
            TagStatus::NeverPublished { suggestion, .. } | TagStatus::NotListed { suggestion } => {
                *suggestion = s
            }
            _ => {}
        }
    }
    info
}

/// Why the catalogue has nothing to say about a reference (scratch, not on
/// Docker Hub, not an official image), if so.
fn not_official(r: &ImageRef) -> Option<UnknownReason> {
    if r.is_scratch() {
        Some(UnknownReason::Scratch)
    } else if !r.is_docker_hub() {
        Some(UnknownReason::NotDockerHub)
    } else if !r.is_official() {
        Some(UnknownReason::NotOfficialImage)
    } else {
        None
    }
}

/// Where the catalogue knows a tag from: its measured row, its group of
/// tags published now, its Python tag history.
struct TagRows {
    row: Option<&'static BaseImage>,
    group: Option<&'static TagGroup>,
    history: Option<&'static PyTagHistory>,
}

/// Finds a tag of an official image, and sets `info`'s status (and, for a
/// tag published now, its canonical and full-version tags).
fn find_tag(
    info: &mut ImageInfo,
    image: &str,
    fam: &'static TagImage,
    tag: &str,
    parts: &TagParts<'_>,
) -> TagRows {
    if let Some(ti) = fam.find(tag) {
        let gi = fam.group_of(ti);
        let g = &fam.groups[gi];
        info.status = TagStatus::PublishedNow {
            linux_amd64: g.linux && g.amd64,
        };
        info.canonical_tag = Some(g.canonical());
        info.full_version_tag = g.full();
        // the measured build: this tag's row, else any row of the block;
        // never a historical (2023) build for a tag published now
        let fits = |b: &&'static BaseImage| !b.historical && row_matches_group(image, b, g);
        let row = base_row(image, tag).filter(fits).or_else(|| {
            group_tags(fam, gi)
                .filter_map(|t| base_row(image, t))
                .find(fits)
        });
        return TagRows {
            row,
            group: Some(g),
            history: None,
        };
    }
    let row = base_row(image, tag);
    let decided = if image == "python" {
        python_history(tag, parts)
    } else {
        None
    };
    let mut history = None;
    info.status = match (decided, row) {
        (Some((status, h)), _) => {
            history = h;
            status
        }
        (None, Some(b)) => TagStatus::NoLongerPublished {
            last_seen: Some(b.image_date),
            removed: None,
            note: format!(
                "{image}:{tag} was measured in docker-library/repo-info (image of {}) but is not in the official-images snapshot of {}",
                b.image_date, TAGS_SOURCE.date
            ),
            source: TAGS_SOURCE,
        },
        (None, None) => TagStatus::NotListed { suggestion: None },
    };
    TagRows {
        row,
        group: None,
        history,
    }
}

/// The OS a tag's own name says (`3.12-alpine3.20`, `3.9-slim-buster`).
fn os_from_tag_name(image: &str, parts: &TagParts<'_>) -> Option<Os> {
    let d = parts.distro?;
    let tok: &'static str = match tagparse::distro_token(d)? {
        DistroToken::Debian | DistroToken::Ubuntu => static_codename(d)?,
        DistroToken::Alpine => {
            let v = &d[6..];
            let cycle = EOL
                .iter()
                .find(|e| e.product == "alpine" && e.cycle == v)
                .map(|e| e.cycle);
            return Some(os_of(Distro::Alpine, cycle, None, OsBasis::TagName));
        }
        DistroToken::Windows => return Some(os_of(Distro::Windows, None, None, OsBasis::TagName)),
        DistroToken::Ubi => return None,
    };
    os_from_tokens(image, &[tok], OsBasis::TagName)
}

/// The distribution of a Python tag history's variant group.
fn os_from_history_group(g: VariantGroup) -> Option<Os> {
    let distro = match g {
        VariantGroup::Default
        | VariantGroup::DebianFull
        | VariantGroup::DebianSlim
        | VariantGroup::Slim => Distro::Debian,
        VariantGroup::Alpine => Distro::Alpine,
        VariantGroup::WindowsServerCore => Distro::Windows,
        VariantGroup::Onbuild => return None,
    };
    Some(os_of(distro, None, None, OsBasis::TagName))
}

/// The runtime (`name`) of a tag and its end of life: the version from the
/// measured image's ENV, else the tags table, else the Python tag history,
/// else the tag's name.
fn runtime_info(
    image: &str,
    name: &'static str,
    found: &TagRows,
    parts: &TagParts<'_>,
    today: Date,
) -> (Runtime, Option<EolStatus>) {
    let (version, basis): (Option<String>, RuntimeBasis) =
        if let Some((b, v)) = found.row.and_then(|b| Some((b, runtime_version_of(b)?))) {
            (
                Some(v.to_string()),
                RuntimeBasis::ImageEnv {
                    note: b.runtime_note.unwrap_or(""),
                    source: b.source,
                },
            )
        } else if let Some(g) = found.group.filter(|g| !g.version().is_empty()) {
            (
                Some(g.version().to_string()),
                RuntimeBasis::TagsTable {
                    source: TAGS_SOURCE,
                },
            )
        } else if let Some(h) = found.history {
            let v = if parts.version_components() >= 3 {
                parts.version
            } else {
                h.last_full_version
            };
            (
                Some(v.to_string()),
                RuntimeBasis::History {
                    source: HISTORY_SOURCE,
                },
            )
        } else if !parts.version.is_empty() {
            (Some(parts.version.to_string()), RuntimeBasis::TagName)
        } else {
            (None, RuntimeBasis::TagName)
        };
    let n = tagparse::line_components(image);
    let line = version
        .as_deref()
        .map(|v| line_of(v, n))
        .filter(|l| !l.is_empty());
    let eol_status = match (&line, lifecycle_product(image)) {
        (Some(l), Some(product)) => eol(product, l).map(|row| row.status(today)),
        _ => None,
    };
    let runtime = Runtime {
        name,
        version,
        line,
        basis,
    };
    (runtime, eol_status)
}

/// What a suggestion should keep of the tag asked for: its line, variant
/// and distro (for distro images the lifecycle is the distro's).
fn wanted<'a>(
    image: &str,
    info: &ImageInfo,
    group: Option<&'static TagGroup>,
    parts: &TagParts<'a>,
) -> Wanted<'a> {
    let n = tagparse::line_components(image);
    let wanted = match group {
        Some(g) => Wanted {
            line: (!g.line().is_empty()).then(|| g.line().to_string()),
            variant: g.variant().to_string(),
            distro: g.distro(),
            published: true,
        },
        None => Wanted {
            line: (!parts.version.is_empty()).then(|| line_of(parts.version, n)),
            variant: parts.variant_key(),
            distro: parts.distro,
            published: false,
        },
    };
    if lifecycle_product(image).is_some() && runtime_of(image).is_none() {
        let line = info
            .os
            .and_then(|o| o.version)
            .map(|v| line_of(v, n))
            .or(wanted.line);
        Wanted { line, ..wanted }
    } else {
        wanted
    }
}

/// The published tags of an official image (sorted), or None if the image
/// is not in the tags snapshot.
pub fn published_tags(image: &str) -> Option<impl Iterator<Item = &'static str>> {
    family(image).map(|f| (0..f.len()).map(move |i| f.tag(i)))
}

/// The official images the catalogue covers.
pub fn catalogued_images() -> impl Iterator<Item = &'static str> {
    TAG_IMAGES.iter().map(|f| f.name)
}
