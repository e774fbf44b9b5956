//! The package tables' long tail, loaded at run time.
//!
//! A build without the `long-tail` feature (the page's WebAssembly) embeds
//! only the tier-1 rows of the pip, Debian and npm tables. The rest is a
//! text file the page fetches the first time an analysis looks up a package
//! this build lacks ([`long_tail_wanted`]). [`encode_long_tail`] writes that
//! file from the tables of a build that has them all (the catalogue's
//! `long-tail` example, run when the site is built); [`load_long_tail`]
//! reads it back into `'static` tables that then replace the embedded ones
//! in every lookup.
//!
//! The file is plain text: a header line with the format and the data
//! version ([`crate::DATA_VERSION`]: a file from other data is refused),
//! then sections (`pip-packages N`, then N rows, …), one row a line, the
//! fields of the row's type in declaration order separated by tabs. The
//! decoder checks every count, number, reference and sort order, so a
//! damaged file is an error with its line, never a panic or a wrong lookup.

use crate::{
    AptPackage, AptStatus, Date, DebianRelease, MeasureStatus, MuslWheel, NpmNames, NpmPackage,
    NpmTable, PipDist, PipPackage, Source, APT_NAMES_OFFSETS, APT_NAMES_TEXT, APT_PACKAGES,
    PIP_DISTS, PIP_PACKAGES,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// The first word of the header line; the second is the format's version.
const MAGIC: &str = "layerlab-long-tail";
const FORMAT: u32 = 1;
/// In the apt tables, the mark of a dependency that is an alternative of the
/// previous one (`a | b`).
const APT_ALT: u16 = 0x8000;

/// The Debian table: package names (sorted, as text and offsets) and rows.
#[derive(Clone, Copy)]
pub(crate) struct AptTable {
    pub names_text: &'static str,
    pub names_offsets: &'static [u32],
    pub packages: &'static [AptPackage],
}

struct Loaded {
    pip_packages: &'static [PipPackage],
    pip_dists: &'static [PipDist],
    apt: AptTable,
    npm: &'static NpmTable,
    npm_versions: &'static [NpmVersion],
}

/// An `NPM_VERSIONS` row: (name, version, bytes of one installed copy).
type NpmVersion = (&'static str, &'static str, u32);

/// The embedded `NPM_VERSIONS` (only with the `long-tail` feature).
#[cfg(feature = "long-tail")]
const EMBEDDED_NPM_VERSIONS: &[NpmVersion] = crate::data::NPM_VERSIONS;
#[cfg(not(feature = "long-tail"))]
const EMBEDDED_NPM_VERSIONS: &[NpmVersion] = &[];

static LOADED: OnceLock<Loaded> = OnceLock::new();
static WANTED: AtomicBool = AtomicBool::new(false);

/// This build has every row: it embeds them (`long-tail` feature) or
/// [`load_long_tail`] has loaded them.
pub fn long_tail_available() -> bool {
    cfg!(feature = "long-tail") || LOADED.get().is_some()
}

/// A lookup has missed a package since this build started, and the long
/// tail (which may have it) is not loaded: the page fetches it.
pub fn long_tail_wanted() -> bool {
    WANTED.load(Ordering::Relaxed) && !long_tail_available()
}

/// A lookup found no row: the long tail may have one.
pub(crate) fn note_miss() {
    if !long_tail_available() {
        WANTED.store(true, Ordering::Relaxed);
    }
}

pub(crate) fn pip_packages_table() -> &'static [PipPackage] {
    LOADED.get().map_or(PIP_PACKAGES, |l| l.pip_packages)
}

pub(crate) fn pip_dists_table() -> &'static [PipDist] {
    LOADED.get().map_or(PIP_DISTS, |l| l.pip_dists)
}

pub(crate) fn apt_table() -> AptTable {
    LOADED.get().map_or(
        AptTable {
            names_text: APT_NAMES_TEXT,
            names_offsets: APT_NAMES_OFFSETS,
            packages: APT_PACKAGES,
        },
        |l| l.apt,
    )
}

pub(crate) fn npm_versions_table() -> &'static [NpmVersion] {
    LOADED
        .get()
        .map_or(EMBEDDED_NPM_VERSIONS, |l| l.npm_versions)
}

/// The npm rows the long tail loaded, if any.
pub(crate) fn loaded_npm() -> Option<&'static NpmTable> {
    LOADED.get().map(|l| l.npm)
}

/// What [`load_long_tail`] loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongTailCounts {
    /// Rows of `pip-packages.csv`.
    pub pip_packages: usize,
    /// Rows of `pip-dists.csv`.
    pub pip_dists: usize,
    /// Rows of `debian-apt.csv`.
    pub apt_packages: usize,
    /// Rows of `npm-packages.csv`.
    pub npm_packages: usize,
    /// Sizes of npm packages by version (for lock files).
    pub npm_versions: usize,
}

/// Why a long-tail file was not loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LongTailError {
    /// Made from other data or by another format (a stale cache).
    Version {
        /// The file's header line (its first 80 characters).
        found: String,
        /// The header this build reads.
        expected: String,
    },
    /// Damaged: the line (1-based) and what is wrong with it.
    Malformed {
        /// 1-based.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl std::fmt::Display for LongTailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LongTailError::Version { found, expected } => write!(
                f,
                "the package data file is `{found}`, this build needs `{expected}`"
            ),
            LongTailError::Malformed { line, message } => {
                write!(
                    f,
                    "the package data file is damaged at line {line}: {message}"
                )
            }
        }
    }
}

fn header() -> String {
    format!("{MAGIC} {FORMAT} {}", crate::DATA_VERSION)
}

// ------------------------------------------------------------------ encode

/// The long-tail file of this build's tables (complete only in a build with
/// the `long-tail` feature). Err names a value the format cannot carry (a
/// tab or line break in a string, an empty `Some` string).
pub fn encode_long_tail() -> Result<String, String> {
    let mut out = header();
    out.push('\n');
    section(
        &mut out,
        "pip-packages",
        pip_packages_table(),
        encode_pip_package,
    )?;
    section(&mut out, "pip-dists", pip_dists_table(), encode_pip_dist)?;
    let apt = apt_table();
    let names: Vec<&str> = (0..apt.names_offsets.len().saturating_sub(1))
        .map(|i| &apt.names_text[apt.names_offsets[i] as usize..apt.names_offsets[i + 1] as usize])
        .collect();
    section(&mut out, "apt-names", &names, |n, o| text(n, o))?;
    section(&mut out, "apt-packages", apt.packages, encode_apt)?;
    let rows = npm_rows();
    let mut npm_names: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        for (n, _) in r.tree() {
            npm_names.insert(n, 0);
        }
    }
    for (i, v) in npm_names.values_mut().enumerate() {
        *v = i;
    }
    let keys: Vec<&str> = npm_names.keys().copied().collect();
    section(&mut out, "npm-names", &keys, |n, o| text(n, o))?;
    section(&mut out, "npm-packages", &rows, |r, o| {
        encode_npm(r, &npm_names, o)
    })?;
    section(&mut out, "npm-versions", npm_versions_table(), |r, o| {
        text(r.0, o)?;
        text(r.1, o)?;
        num(r.2, o);
        Ok(())
    })?;
    Ok(out)
}

/// Every npm row once, sorted by (name, requested range): of two rows for
/// the same range, the one with its tree.
fn npm_rows() -> Vec<&'static NpmPackage> {
    let mut rows: Vec<&'static NpmPackage> = crate::npm_tables()
        .into_iter()
        .flat_map(|t| t.rows.iter())
        .collect();
    layerlab_sort::sort_by_key(&mut rows, |p| (p.name, p.requested, p.tree.is_empty()));
    rows.dedup_by_key(|p| (p.name, p.requested));
    rows
}

fn section<T>(
    out: &mut String,
    name: &str,
    rows: &[T],
    mut row: impl FnMut(&T, &mut String) -> Result<(), String>,
) -> Result<(), String> {
    let _ = writeln!(out, "{name} {}", rows.len());
    for r in rows {
        row(r, out)?;
        out.pop(); // the trailing tab
        out.push('\n');
    }
    Ok(())
}

fn text(s: &str, out: &mut String) -> Result<(), String> {
    if s.contains(['\t', '\n', '\r']) {
        return Err(format!("{s:?} holds a tab or a line break"));
    }
    out.push_str(s);
    out.push('\t');
    Ok(())
}

fn opt_text(s: Option<&str>, out: &mut String) -> Result<(), String> {
    match s {
        Some("") => Err("an empty Some string".into()),
        s => text(s.unwrap_or(""), out),
    }
}

fn num(n: impl std::fmt::Display, out: &mut String) {
    let _ = write!(out, "{n}\t");
}

fn opt_num<N: std::fmt::Display>(n: Option<N>, out: &mut String) {
    match n {
        Some(n) => num(n, out),
        None => out.push('\t'),
    }
}

fn status(s: MeasureStatus, out: &mut String) -> Result<(), String> {
    match s {
        MeasureStatus::Ok => text("ok", out),
        MeasureStatus::Failed(m) => text(&format!("F{m}"), out),
        MeasureStatus::Skipped(m) => text(&format!("S{m}"), out),
    }
}

fn source(s: &Source, out: &mut String) -> Result<(), String> {
    text(s.table, out)?;
    text(s.detail, out)?;
    text(&s.date.to_string(), out)
}

fn list(v: &[u16], out: &mut String) {
    let mut first = true;
    for x in v {
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(out, "{x}");
    }
    out.push('\t');
}

fn encode_pip_package(p: &PipPackage, o: &mut String) -> Result<(), String> {
    for s in [
        p.name,
        p.normalized,
        p.extras,
        p.version,
        p.requested_spec,
        p.python,
    ] {
        text(s, o)?;
    }
    opt_num(p.installed_bytes_with_deps, o);
    opt_num(p.pyc_bytes_with_deps, o);
    num(p.pyc_measured as u8, o);
    opt_num(p.wheel_bytes_with_deps, o);
    opt_num(p.local_wheel_cache_bytes, o);
    num(p.n_deps, o);
    for s in [p.dependencies, p.console_scripts, p.musllinux] {
        text(s, o)?;
    }
    status(p.status, o)?;
    source(&p.source, o)
}

fn encode_pip_dist(d: &PipDist, o: &mut String) -> Result<(), String> {
    text(d.name, o)?;
    text(d.version, o)?;
    num(d.python_min, o);
    num(d.python_max, o);
    num(d.wheel_bytes, o);
    num(d.unpacked_bytes, o);
    num(d.launcher_bytes, o);
    num(d.py_bytes, o);
    opt_num(d.installed_bytes_cp311, o);
    opt_num(d.pyc_bytes_cp311, o);
    text(d.console_scripts, o)?;
    let musl = match d.musllinux {
        MuslWheel::Pure => "p",
        MuslWheel::Yes => "y",
        MuslWheel::No => "n",
    };
    text(musl, o)?;
    num(d.built_from_sdist as u8, o);
    source(&d.source, o)
}

fn encode_apt(p: &AptPackage, o: &mut String) -> Result<(), String> {
    num(p.name, o);
    text(
        match p.release {
            DebianRelease::Bookworm => "b",
            DebianRelease::Trixie => "t",
        },
        o,
    )?;
    opt_text(p.version, o)?;
    opt_num(p.installed_kib, o);
    list(p.depends, o);
    list(p.recommends, o);
    list(p.provides, o);
    num(p.priority, o);
    let st = match p.status {
        AptStatus::Package => "p",
        AptStatus::Virtual => "v",
        AptStatus::Absent => "a",
        AptStatus::NoCandidate => "n",
    };
    text(st, o)?;
    num(p.tier, o);
    Ok(())
}

fn encode_npm(p: &NpmPackage, names: &BTreeMap<&str, usize>, o: &mut String) -> Result<(), String> {
    for s in [p.name, p.requested, p.version] {
        text(s, o)?;
    }
    for n in [
        p.installed_bytes,
        p.allocated_bytes,
        p.own_bytes,
        p.tarball_bytes,
        p.packument_bytes,
    ] {
        opt_num(n, o);
    }
    num(p.n_packages, o);
    opt_num(p.rank, o);
    text(p.bins, o)?;
    status(p.status, o)?;
    source(&p.source, o)?;
    num(p.tier, o);
    let mut first = true;
    for &(i, copies, bytes) in p.tree {
        if !first {
            o.push(',');
        }
        first = false;
        let name = p.names.get(i as usize);
        let _ = write!(o, "{}:{copies}:{bytes}", names[name]);
    }
    o.push('\t');
    Ok(())
}

// ------------------------------------------------------------------ decode

/// Loads a long-tail file (see the module documentation); from then on the
/// lookups use its tables. Loading twice keeps the first.
pub fn load_long_tail(file: String) -> Result<LongTailCounts, LongTailError> {
    let text: &'static str = Box::leak(file.into_boxed_str());
    let loaded = decode(text)?;
    let counts = LongTailCounts {
        pip_packages: loaded.pip_packages.len(),
        pip_dists: loaded.pip_dists.len(),
        apt_packages: loaded.apt.packages.len(),
        npm_packages: loaded.npm.rows.len(),
        npm_versions: loaded.npm_versions.len(),
    };
    let _ = LOADED.set(loaded);
    Ok(counts)
}

struct Lines {
    it: std::iter::Enumerate<std::str::Split<'static, char>>,
    line: usize,
}

impl Lines {
    fn bad<T>(&self, message: impl Into<String>) -> Result<T, LongTailError> {
        Err(LongTailError::Malformed {
            line: self.line,
            message: message.into(),
        })
    }

    fn next(&mut self) -> Result<&'static str, LongTailError> {
        match self.it.next() {
            Some((i, l)) => {
                self.line = i + 1;
                Ok(l)
            }
            None => {
                self.line += 1;
                self.bad("the file ends early")
            }
        }
    }

    /// A section header `name N`: N.
    fn section(&mut self, name: &str) -> Result<usize, LongTailError> {
        let l = self.next()?;
        match l.split_once(' ') {
            Some((n, count)) if n == name => match count.parse() {
                Ok(c) => Ok(c),
                Err(_) => self.bad(format!("`{count}` is not a row count")),
            },
            _ => self.bad(format!("expected the section `{name}`")),
        }
    }

    /// The rows of section `name`, each read by `row`.
    fn rows<T>(
        &mut self,
        name: &str,
        mut row: impl FnMut(&mut Fields) -> Result<T, String>,
    ) -> Result<Vec<T>, LongTailError> {
        let n = self.section(name)?;
        let mut out = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let l = self.next()?;
            let mut f = Fields {
                it: l.split('\t'),
                n: 0,
            };
            match row(&mut f).and_then(|r| f.end().map(|_| r)) {
                Ok(r) => out.push(r),
                Err(m) => return self.bad(m),
            }
        }
        Ok(out)
    }
}

struct Fields {
    it: std::str::Split<'static, char>,
    n: usize,
}

impl Fields {
    fn s(&mut self) -> Result<&'static str, String> {
        self.n += 1;
        self.it
            .next()
            .ok_or_else(|| format!("field {} is missing", self.n))
    }

    fn opt_s(&mut self) -> Result<Option<&'static str>, String> {
        self.s().map(|s| (!s.is_empty()).then_some(s))
    }

    fn num<N: std::str::FromStr>(&mut self) -> Result<N, String> {
        let s = self.s()?;
        s.parse()
            .map_err(|_| format!("field {}: `{s}` is not a number in range", self.n))
    }

    fn opt_num<N: std::str::FromStr>(&mut self) -> Result<Option<N>, String> {
        match self.s()? {
            "" => Ok(None),
            s => s
                .parse()
                .map(Some)
                .map_err(|_| format!("field {}: `{s}` is not a number in range", self.n)),
        }
    }

    fn flag(&mut self) -> Result<bool, String> {
        match self.s()? {
            "0" => Ok(false),
            "1" => Ok(true),
            s => Err(format!("field {}: `{s}` is not 0 or 1", self.n)),
        }
    }

    fn one_of<T: Copy>(&mut self, options: &[(&str, T)]) -> Result<T, String> {
        let s = self.s()?;
        options
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, v)| *v)
            .ok_or_else(|| format!("field {}: `{s}` is not a known value", self.n))
    }

    fn status(&mut self) -> Result<MeasureStatus, String> {
        let s = self.s()?;
        match s.split_at_checked(1) {
            _ if s == "ok" => Ok(MeasureStatus::Ok),
            Some(("F", m)) => Ok(MeasureStatus::Failed(m)),
            Some(("S", m)) => Ok(MeasureStatus::Skipped(m)),
            _ => Err(format!("field {}: `{s}` is not a status", self.n)),
        }
    }

    fn source(&mut self) -> Result<Source, String> {
        let table = self.s()?;
        let detail = self.s()?;
        let date = self.s()?;
        let date = Date::parse(date).map_err(|e| format!("field {}: {e}", self.n))?;
        Ok(Source {
            table,
            detail,
            date,
        })
    }

    /// A comma-separated list of u16, leaked.
    fn list(&mut self, below: usize) -> Result<&'static [u16], String> {
        let s = self.s()?;
        if s.is_empty() {
            return Ok(&[]);
        }
        let mut v = Vec::new();
        for x in s.split(',') {
            let n: u16 = x
                .parse()
                .map_err(|_| format!("field {}: `{x}` is not a name index", self.n))?;
            if (n & !APT_ALT) as usize >= below {
                return Err(format!("field {}: name {n} is out of range", self.n));
            }
            v.push(n);
        }
        Ok(Box::leak(v.into_boxed_slice()))
    }

    fn end(&mut self) -> Result<(), String> {
        match self.it.next() {
            None => Ok(()),
            Some(_) => Err(format!("more than {} fields", self.n)),
        }
    }
}

/// Names (sorted, distinct) as text and offsets, leaked.
fn names_table(names: &[&str]) -> (&'static str, &'static [u32]) {
    let mut text = String::new();
    let mut offsets = vec![0u32];
    for n in names {
        text.push_str(n);
        offsets.push(text.len() as u32);
    }
    (
        Box::leak(text.into_boxed_str()),
        Box::leak(offsets.into_boxed_slice()),
    )
}

fn sorted_by<T, K: PartialOrd>(rows: &[T], key: impl Fn(&T) -> K) -> bool {
    rows.windows(2).all(|w| key(&w[0]) <= key(&w[1]))
}

fn decode(text: &'static str) -> Result<Loaded, LongTailError> {
    let mut l = Lines {
        it: text.split('\n').enumerate(),
        line: 0,
    };
    let head = l.next()?;
    if head != header() {
        return Err(LongTailError::Version {
            found: head.chars().take(80).collect(),
            expected: header(),
        });
    }
    let pip_packages = l.rows("pip-packages", decode_pip_package)?;
    if !sorted_by(&pip_packages, |p| p.normalized) {
        return l.bad("pip-packages are not sorted by name");
    }
    let pip_dists = l.rows("pip-dists", decode_pip_dist)?;
    if !sorted_by(&pip_dists, |d| d.name) {
        return l.bad("pip-dists are not sorted by name");
    }
    let apt_names = l.rows("apt-names", |f| f.s())?;
    if !apt_names.windows(2).all(|w| w[0] < w[1]) || apt_names.len() > APT_ALT as usize {
        return l.bad("apt-names are not sorted and distinct, or too many");
    }
    let n = apt_names.len();
    let apt_packages = l.rows("apt-packages", |f| decode_apt(f, n))?;
    if !sorted_by(&apt_packages, |p| (p.name, p.release)) {
        return l.bad("apt-packages are not sorted by (name, release)");
    }
    let npm_names = l.rows("npm-names", |f| f.s())?;
    if !npm_names.windows(2).all(|w| w[0] < w[1]) || npm_names.len() > u16::MAX as usize {
        return l.bad("npm-names are not sorted and distinct, or too many");
    }
    let (npm_text, npm_offsets) = names_table(&npm_names);
    let names: &'static NpmNames = Box::leak(Box::new(NpmNames {
        text: npm_text,
        offsets: npm_offsets,
    }));
    let npm_rows = l.rows("npm-packages", |f| decode_npm(f, names, npm_names.len()))?;
    if !sorted_by(&npm_rows, |p| p.name) {
        return l.bad("npm-packages are not sorted by name");
    }
    let npm_versions = l.rows("npm-versions", |f| Ok((f.s()?, f.s()?, f.num()?)))?;
    if !sorted_by(&npm_versions, |r| r.0) {
        return l.bad("npm-versions are not sorted by name");
    }
    match l.it.next() {
        None => {}
        Some((_, "")) if l.it.next().is_none() => {}
        Some((i, _)) => {
            l.line = i + 1;
            return l.bad("text after the last section");
        }
    }
    let (names_text, names_offsets) = names_table(&apt_names);
    Ok(Loaded {
        pip_packages: Box::leak(pip_packages.into_boxed_slice()),
        pip_dists: Box::leak(pip_dists.into_boxed_slice()),
        apt: AptTable {
            names_text,
            names_offsets,
            packages: Box::leak(apt_packages.into_boxed_slice()),
        },
        npm: Box::leak(Box::new(NpmTable {
            rows: Box::leak(npm_rows.into_boxed_slice()),
        })),
        npm_versions: Box::leak(npm_versions.into_boxed_slice()),
    })
}

fn decode_pip_package(f: &mut Fields) -> Result<PipPackage, String> {
    Ok(PipPackage {
        name: f.s()?,
        normalized: f.s()?,
        extras: f.s()?,
        version: f.s()?,
        requested_spec: f.s()?,
        python: f.s()?,
        installed_bytes_with_deps: f.opt_num()?,
        pyc_bytes_with_deps: f.opt_num()?,
        pyc_measured: f.flag()?,
        wheel_bytes_with_deps: f.opt_num()?,
        local_wheel_cache_bytes: f.opt_num()?,
        n_deps: f.num()?,
        dependencies: f.s()?,
        console_scripts: f.s()?,
        musllinux: f.s()?,
        status: f.status()?,
        source: f.source()?,
    })
}

fn decode_pip_dist(f: &mut Fields) -> Result<PipDist, String> {
    Ok(PipDist {
        name: f.s()?,
        version: f.s()?,
        python_min: f.num()?,
        python_max: f.num()?,
        wheel_bytes: f.num()?,
        unpacked_bytes: f.num()?,
        launcher_bytes: f.num()?,
        py_bytes: f.num()?,
        installed_bytes_cp311: f.opt_num()?,
        pyc_bytes_cp311: f.opt_num()?,
        console_scripts: f.s()?,
        musllinux: f.one_of(&[
            ("p", MuslWheel::Pure),
            ("y", MuslWheel::Yes),
            ("n", MuslWheel::No),
        ])?,
        built_from_sdist: f.flag()?,
        source: f.source()?,
    })
}

fn decode_apt(f: &mut Fields, names: usize) -> Result<AptPackage, String> {
    let name: u16 = f.num()?;
    if name as usize >= names {
        return Err(format!("name {name} is out of range"));
    }
    Ok(AptPackage {
        name,
        release: f.one_of(&[("b", DebianRelease::Bookworm), ("t", DebianRelease::Trixie)])?,
        version: f.opt_s()?,
        installed_kib: f.opt_num()?,
        depends: f.list(names)?,
        recommends: f.list(names)?,
        provides: f.list(names)?,
        priority: f.num()?,
        status: f.one_of(&[
            ("p", AptStatus::Package),
            ("v", AptStatus::Virtual),
            ("a", AptStatus::Absent),
            ("n", AptStatus::NoCandidate),
        ])?,
        tier: f.num()?,
    })
}

fn decode_npm(
    f: &mut Fields,
    names: &'static NpmNames,
    n_names: usize,
) -> Result<NpmPackage, String> {
    let mut p = NpmPackage {
        name: f.s()?,
        requested: f.s()?,
        version: f.s()?,
        installed_bytes: f.opt_num()?,
        allocated_bytes: f.opt_num()?,
        own_bytes: f.opt_num()?,
        tarball_bytes: f.opt_num()?,
        packument_bytes: f.opt_num()?,
        n_packages: f.num()?,
        rank: f.opt_num()?,
        bins: f.s()?,
        status: f.status()?,
        source: f.source()?,
        tier: f.num()?,
        names,
        tree: &[],
    };
    let tree = f.s()?;
    if !tree.is_empty() {
        let mut v = Vec::new();
        for e in tree.split(',') {
            let mut it = e.split(':');
            let (Some(i), Some(c), Some(b), None) = (it.next(), it.next(), it.next(), it.next())
            else {
                return Err(format!("tree entry `{e}` is not name:copies:bytes"));
            };
            let bad = || format!("tree entry `{e}` is not name:copies:bytes");
            let i: u16 = i.parse().map_err(|_| bad())?;
            if i as usize >= n_names {
                return Err(format!("tree entry `{e}`: name out of range"));
            }
            v.push((
                i,
                c.parse().map_err(|_| bad())?,
                b.parse().map_err(|_| bad())?,
            ));
        }
        p.tree = Box::leak(v.into_boxed_slice());
    }
    Ok(p)
}
