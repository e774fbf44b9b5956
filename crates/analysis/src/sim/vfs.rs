//! A virtual filesystem: a path tree in which every entry knows its kind, its
//! estimated size and the instruction that created or last changed it.
//!
//! Deleting marks entries as deleted (a whiteout in a later layer) but keeps
//! them: the bytes stay in the layer that added them, and reports need both
//! facts.

use super::size::Bytes;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Kind {
    File,
    Executable,
    Directory,
    Symlink { target: String },
}

/// Where an entry's content came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum Origin {
    /// The base image's known layout.
    Base,
    /// The build context (`COPY`/`ADD` without `--from`).
    Context { path: String },
    /// Another stage or image (`COPY --from`).
    Stage { stage: String, path: String },
    /// A command in a RUN instruction.
    Run { command: String },
    /// A distribution `pip install` put there (its directory, its launchers).
    Pip { dist: String },
    /// `python -m venv` with this Python version (`3.12`).
    Venv { python: String },
    /// `go build` or `go install`, with cgo on or off.
    Go { cgo: bool },
    /// A URL (`ADD https://…`, `curl -o`).
    Url { url: String },
    /// A heredoc in COPY/ADD.
    Heredoc,
    /// WORKDIR, VOLUME and the like.
    Instruction,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    #[serde(flatten)]
    pub kind: Kind,
    /// For files: their size; for directories: only the directory itself (0).
    pub size: Bytes,
    /// The line of the instruction that created or last changed it (None: the base image).
    pub line: Option<u32>,
    /// Index of the layer (in the stage) that holds its bytes.
    pub layer: Option<usize>,
    pub origin: Origin,
    pub owner: Option<String>,
    pub mode: Option<String>,
    /// Hidden by a later deletion; the bytes remain in `layer`.
    pub deleted: bool,
    /// Set when the entry stands for many files whose names are not known
    /// (an installed package, an extracted archive, unknown context files).
    pub opaque: bool,
}

impl Entry {
    /// Marks the entry opaque (its contents are not modelled).
    pub fn opaque(mut self) -> Entry {
        self.opaque = true;
        self
    }

    pub fn new(
        kind: Kind,
        size: Bytes,
        line: Option<u32>,
        layer: Option<usize>,
        origin: Origin,
    ) -> Entry {
        Entry {
            kind,
            size,
            line,
            layer,
            origin,
            owner: None,
            mode: None,
            deleted: false,
            opaque: false,
        }
    }
    pub fn dir(line: Option<u32>, layer: Option<usize>, origin: Origin) -> Entry {
        Entry::new(Kind::Directory, Bytes::ZERO, line, layer, origin)
    }
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Directory
    }
}

/// Normalises `path` against the working directory `cwd`: absolute, no `.`
/// or `..`, no repeated or trailing slashes.
pub fn normalize(path: &str, cwd: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        "/".to_string()
    } else {
        format!("/{}", parts.join("/"))
    }
}

pub fn parent(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    match path.rfind('/') {
        Some(0) => Some("/"),
        Some(i) => Some(&path[..i]),
        None => None,
    }
}

pub fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Is `path` equal to `dir` or inside it?
pub fn is_within(path: &str, dir: &str) -> bool {
    dir == "/"
        || path == dir
        || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

/// Why paths the simulation did not list may exist under a directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "cause")]
pub enum Unseen {
    /// The base image's files: the catalogue lists only a few of them.
    BaseImage,
    /// An image the catalogue does not describe (or an unresolved FROM).
    UnknownBase,
    /// A command whose effect is not modelled: it may write anything here.
    Command { program: String },
    /// A build tool's outputs, whose names its configuration decides.
    BuildOutput { tool: String },
    /// Files from a build context that was not given.
    Context { source: String },
    /// What a package manager installs from a list the simulation could not
    /// read (a requirements file or package.json outside the given context),
    /// or the files of system packages.
    Packages {
        manager: String,
        list: Option<String>,
    },
    /// Copied from a path of another stage or image whose contents are not known.
    Copied { from: String, path: String },
    /// Paths the simulation stopped listing at its budget.
    Truncated,
}

/// A directory under which paths may exist that the simulation did not list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnseenRegion {
    pub dir: String,
    /// The instruction's line (None: the base image).
    pub line: Option<u32>,
    pub cause: Unseen,
    /// Whether the unseen paths' bytes are already counted in the sizes
    /// (only their names are unknown: a measured package's launchers).
    pub counted: bool,
    /// When set, only entries of `dir` whose name matches this pattern
    /// (`package*.json`), and what is under them.
    pub pattern: Option<String>,
}

impl Unseen {
    /// What put the unseen paths there, in a few words.
    pub fn describe(&self) -> String {
        match self {
            Unseen::BaseImage => "the base image's files".to_string(),
            Unseen::UnknownBase => "an image Layerlab does not know".to_string(),
            Unseen::Command { program } => format!("{program}, whose effect is not modelled"),
            Unseen::BuildOutput { tool } => format!("the outputs of {tool}"),
            Unseen::Context { source } => format!("{source} from the build context"),
            Unseen::Packages {
                manager,
                list: Some(l),
            } => format!("{manager} install -r {l}"),
            Unseen::Packages {
                manager,
                list: None,
            } => format!("{manager}'s packages"),
            Unseen::Copied { from, path } => format!("{path} copied from {from}"),
            Unseen::Truncated => "paths past the simulation's budget".to_string(),
        }
    }
}

impl UnseenRegion {
    /// `pip install -r requirements.txt (line 8)`.
    pub fn describe(&self) -> String {
        match self.line {
            Some(l) => format!("{} (line {l})", self.cause.describe()),
            None => self.cause.describe(),
        }
    }

    /// Whether the region may hold `path`.
    pub fn covers(&self, path: &str) -> bool {
        if !is_within(path, &self.dir) {
            return false;
        }
        let Some(pat) = &self.pattern else {
            return true;
        };
        let rest = path
            .get(self.dir.len()..)
            .unwrap_or("")
            .trim_start_matches('/');
        let first = rest.split('/').next().unwrap_or("");
        !first.is_empty() && segment_match(pat, first)
    }
}

/// Whether a path is there, as far as the simulation can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presence<'a> {
    /// Listed: it exists in every build that gets this far.
    Exists(&'a Entry),
    /// Not listed, but something the simulation could not see may have put it there.
    Maybe(MaybeWhy<'a>),
    /// No plausible build puts it there.
    Absent,
}

/// Why a path may exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MaybeWhy<'a> {
    /// Under an opaque entry (an installed package, an extracted archive, …).
    Opaque { path: &'a str, entry: &'a Entry },
    /// Under a region of unseen paths.
    Region(&'a UnseenRegion),
}

impl Presence<'_> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Presence::Absent)
    }
}

impl MaybeWhy<'_> {
    /// Only the base image's own unlisted files (which rules weigh
    /// themselves: a pip launcher is never part of a base image).
    pub fn is_base_image(&self) -> bool {
        matches!(self, MaybeWhy::Region(r) if r.cause == Unseen::BaseImage)
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Vfs {
    entries: BTreeMap<String, Entry>,
    /// Directories that may hold paths not listed in `entries`.
    regions: Vec<UnseenRegion>,
    /// Set when a new path was refused at the budget
    /// ([`super::budget::MAX_STAGE_ENTRIES`]); taken by the simulation.
    #[serde(skip)]
    overflowed: bool,
}

impl Vfs {
    pub fn new() -> Vfs {
        let mut v = Vfs::default();
        v.entries
            .insert("/".into(), Entry::dir(None, None, Origin::Base));
        v
    }

    /// Maps every entry's and region's line (an edit before them moved them).
    pub fn relocate_lines(&mut self, line: impl Fn(u32) -> u32) {
        for e in self.entries.values_mut() {
            e.line = e.line.map(&line);
        }
        for r in &mut self.regions {
            r.line = r.line.map(&line);
        }
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path).filter(|e| !e.deleted)
    }

    pub fn get_mut(&mut self, path: &str) -> Option<&mut Entry> {
        self.entries.get_mut(path).filter(|e| !e.deleted)
    }

    /// Forgets which layer made each visible entry (a stage built on another
    /// starts with its files as its base).
    pub fn clear_layers(&mut self) {
        for e in self.entries.values_mut().filter(|e| !e.deleted) {
            e.layer = None;
        }
    }

    /// Also returns deleted entries.
    pub fn get_any(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.get(path).is_some_and(|e| e.is_dir())
    }

    /// Records that paths not listed may exist under `dir`. A region inside
    /// one already recorded adds nothing and is dropped.
    pub fn add_region(&mut self, dir: &str, line: Option<u32>, cause: Unseen) {
        self.push_region(dir, line, cause, false, None);
    }

    /// Unseen entries of `dir` whose names match `pattern` (a COPY with a
    /// wildcard from a context that was not given).
    pub fn add_matching_region(
        &mut self,
        dir: &str,
        pattern: &str,
        line: Option<u32>,
        cause: Unseen,
    ) {
        self.push_region(dir, line, cause, false, Some(pattern.to_string()));
    }

    /// Like [`Vfs::add_region`], for paths whose bytes are already counted
    /// (only their names are unknown).
    pub fn add_counted_region(&mut self, dir: &str, line: Option<u32>, cause: Unseen) {
        self.push_region(dir, line, cause, true, None);
    }

    fn push_region(
        &mut self,
        dir: &str,
        line: Option<u32>,
        cause: Unseen,
        counted: bool,
        pattern: Option<String>,
    ) {
        // Past the budget, one region says it all: anything may be anywhere.
        if self.regions.len() >= super::budget::MAX_REGIONS {
            if !self
                .regions
                .iter()
                .any(|r| r.dir == "/" && r.cause == Unseen::Truncated)
            {
                self.overflowed = true;
                self.regions.push(UnseenRegion {
                    dir: "/".into(),
                    line,
                    cause: Unseen::Truncated,
                    counted: false,
                    pattern: None,
                });
            }
            return;
        }
        let same = |r: &UnseenRegion| r.cause == cause && r.counted == counted;
        if self
            .regions
            .iter()
            .any(|r| is_within(dir, &r.dir) && r.pattern.is_none() && same(r))
        {
            return;
        }
        // Anything may already be anywhere (an unknown command, an unknown
        // base): another reason adds nothing a rule could use, and the list
        // stays short however many such commands a file has.
        let anywhere = |r: &UnseenRegion| {
            r.dir == "/"
                && !r.counted
                && r.pattern.is_none()
                && !matches!(r.cause, Unseen::BaseImage)
        };
        if matches!(cause, Unseen::Command { .. } | Unseen::BuildOutput { .. })
            && !counted
            && self.regions.iter().any(anywhere)
        {
            return;
        }
        if pattern.is_none() {
            self.regions
                .retain(|r| !(is_within(&r.dir, dir) && same(r)));
        }
        self.regions.push(UnseenRegion {
            dir: dir.to_string(),
            line,
            cause,
            counted,
            pattern,
        });
    }

    /// The regions of unseen paths.
    pub fn regions(&self) -> &[UnseenRegion] {
        &self.regions
    }

    /// Whether `path` is there: listed, maybe (with the first of its
    /// [`Vfs::reasons`]), or absent.
    pub fn presence<'a>(&'a self, path: &'a str) -> Presence<'a> {
        if let Some(e) = self.get(path) {
            return Presence::Exists(e);
        }
        match self.reasons(path).into_iter().next() {
            Some(why) => Presence::Maybe(why),
            None => Presence::Absent,
        }
    }

    /// Every reason `path` may exist without being listed: opaque entries
    /// above it (up to a file in the way), the regions that cover it (oldest
    /// first), then regions inside it (a directory that holds unseen paths
    /// is there when they are).
    pub fn reasons<'a>(&'a self, path: &'a str) -> Vec<MaybeWhy<'a>> {
        let mut out = Vec::new();
        let mut p = parent(path);
        while let Some(cur) = p {
            if let Some((k, e)) = self.entries.get_key_value(cur).filter(|(_, e)| !e.deleted) {
                if e.opaque {
                    out.push(MaybeWhy::Opaque { path: k, entry: e });
                } else if !e.is_dir() && !matches!(e.kind, Kind::Symlink { .. }) {
                    break; // a file is in the way: nothing can be under it
                }
            }
            p = parent(cur);
        }
        out.extend(
            self.regions
                .iter()
                .filter(|r| r.covers(path) && self.applies(r, path))
                .map(MaybeWhy::Region),
        );
        out.extend(
            self.regions
                .iter()
                .filter(|r| is_within(&r.dir, path) && r.dir != path)
                .map(MaybeWhy::Region),
        );
        out
    }

    /// Every reason `dir` may hold paths the simulation does not list: an
    /// opaque entry at, above or under it, a region over it or inside it.
    pub fn reasons_within<'a>(&'a self, dir: &'a str) -> Vec<MaybeWhy<'a>> {
        let mut out = Vec::new();
        let mut p = Some(dir);
        while let Some(cur) = p {
            if let Some((k, e)) = self.entries.get_key_value(cur) {
                if !e.deleted && e.opaque {
                    out.push(MaybeWhy::Opaque { path: k, entry: e });
                }
            }
            p = parent(cur);
        }
        out.extend(
            self.descendants(dir)
                .filter(|(_, e)| e.opaque)
                .map(|(k, e)| MaybeWhy::Opaque { path: k, entry: e }),
        );
        out.extend(self.regions_over(dir).map(MaybeWhy::Region));
        out
    }

    /// Whether a new path can still be listed; records the refusal.
    fn room(&mut self, path: &str) -> bool {
        if self.entries.len() < super::budget::MAX_STAGE_ENTRIES || self.entries.contains_key(path)
        {
            return true;
        }
        self.overflowed = true;
        false
    }

    /// Whether a path was refused at the budget since the last call.
    pub fn take_overflow(&mut self) -> bool {
        std::mem::take(&mut self.overflowed)
    }

    /// Creates the directory and its missing parents.
    pub fn mkdir_p(
        &mut self,
        path: &str,
        line: Option<u32>,
        layer: Option<usize>,
        origin: &Origin,
    ) {
        let mut missing = Vec::new();
        let mut p = Some(path);
        while let Some(cur) = p {
            match self.entries.get(cur) {
                Some(e) if !e.deleted && e.is_dir() => break,
                _ => missing.push(cur.to_string()),
            }
            p = parent(cur);
        }
        for m in missing.into_iter().rev() {
            if !self.room(&m) {
                return;
            }
            self.entries
                .insert(m, Entry::dir(line, layer, origin.clone()));
        }
    }

    /// Puts an entry, creating parent directories (attributed to the same line).
    pub fn put(&mut self, path: &str, entry: Entry) {
        if let Some(par) = parent(path) {
            let origin = entry.origin.clone();
            self.mkdir_p(par, entry.line, entry.layer, &origin);
        }
        if entry.is_dir() {
            if let Some(old) = self.entries.get_mut(path) {
                if !old.deleted && old.is_dir() {
                    // Keep the directory; record the change. An opaque one
                    // (an archive extracted into it) now stands for unknown
                    // contents added by this entry's layer.
                    if entry.opaque {
                        old.opaque = true;
                        old.size = entry.size;
                        old.layer = entry.layer;
                    }
                    old.line = entry.line.or(old.line);
                    old.owner = entry.owner.or(old.owner.take());
                    old.mode = entry.mode.or(old.mode.take());
                    return;
                }
            }
        }
        if self.room(path) {
            self.entries.insert(path.to_string(), entry);
        }
    }

    /// Everything under `dir` (not `dir` itself), visible entries only.
    pub fn descendants<'a>(
        &'a self,
        dir: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Entry)> + 'a {
        let start = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        self.entries
            .range(start.clone()..)
            .take_while(move |(k, _)| k.starts_with(&start))
            .filter(move |(k, e)| !e.deleted && k.as_str() != dir)
    }

    /// Direct children of `dir`.
    pub fn children<'a>(
        &'a self,
        dir: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Entry)> + 'a {
        self.descendants(dir)
            .filter(move |(k, _)| parent(k) == Some(dir))
    }

    /// All entries, deleted ones included.
    pub fn all(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.entries.iter()
    }

    /// Deletes `path` (and everything under it). Returns the bytes that stay
    /// in earlier layers although hidden now: (bytes, per layer index).
    pub fn remove(&mut self, path: &str) -> Vec<(Option<usize>, Bytes)> {
        self.remove_in_layer(path, None)
    }

    /// Like [`Vfs::remove`], for a deletion made by layer `current`: entries
    /// that this same layer created are dropped outright (they never reach
    /// the image); older ones are marked deleted.
    pub fn remove_in_layer(
        &mut self,
        path: &str,
        current: Option<usize>,
    ) -> Vec<(Option<usize>, Bytes)> {
        let mut freed: BTreeMap<Option<usize>, Bytes> = BTreeMap::new();
        if path != "/" {
            self.regions.retain(|r| !is_within(&r.dir, path));
        }
        let keys: Vec<String> = self
            .entries
            .range(path.to_string()..)
            .take_while(|(k, _)| is_within(k, path))
            .filter(|(k, e)| !e.deleted && is_within(k, path) && k.as_str() != "/")
            .map(|(k, _)| k.clone())
            .collect();
        for k in keys {
            let same_layer =
                current.is_some() && self.entries.get(&k).is_some_and(|e| e.layer == current);
            if same_layer {
                if let Some(e) = self.entries.remove(&k) {
                    *freed.entry(e.layer).or_default() += e.size;
                }
            } else if let Some(e) = self.entries.get_mut(&k) {
                e.deleted = true;
                *freed.entry(e.layer).or_default() += e.size;
            }
        }
        freed.into_iter().collect()
    }

    /// Drops what layer `layer` (line `line`) wrote under `dir` (a cache
    /// mount): its entries and its regions; returns their bytes.
    pub fn drop_layer_under(&mut self, dir: &str, layer: usize, line: u32) -> Bytes {
        let keys: Vec<String> = self
            .entries
            .iter()
            .filter(|(k, e)| is_within(k, dir) && k.as_str() != dir && e.layer == Some(layer))
            .map(|(k, _)| k.clone())
            .collect();
        let mut total = Bytes::ZERO;
        for k in keys {
            if let Some(e) = self.entries.remove(&k) {
                total += e.size;
            }
        }
        self.regions
            .retain(|r| !(is_within(&r.dir, dir) && r.line == Some(line)));
        total
    }

    /// Total size of visible entries under `dir` (itself included).
    pub fn size_under(&self, dir: &str) -> Bytes {
        let own = self.get(dir).map(|e| e.size).unwrap_or(Bytes::ZERO);
        own + self.descendants(dir).map(|(_, e)| e.size).sum()
    }

    /// Paths matching a glob pattern (`*`, `?`, `[...]` within one segment).
    pub fn glob(&self, pattern: &str) -> Vec<String> {
        if !has_glob(pattern) {
            return if self.exists(pattern) {
                vec![pattern.to_string()]
            } else {
                vec![]
            };
        }
        self.entries
            .iter()
            .filter(|(k, e)| !e.deleted && path_match(pattern, k))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Copies `src` from `from` to `dest` here, as COPY does: a directory's
    /// contents go into `dest`; a file goes to `dest` (or into it when `dest`
    /// is a directory). Returns the copied entries' paths and total size.
    pub fn copy_from(
        &mut self,
        from: &Vfs,
        src: &str,
        dest: &str,
        dest_is_dir: bool,
        mk: &dyn Fn(&Entry, &str) -> Entry,
    ) -> (Vec<String>, Bytes) {
        let mut copied = Vec::new();
        let mut total = Bytes::ZERO;
        let Some(src_entry) = from.get(src) else {
            return (copied, total);
        };
        if src_entry.is_dir() {
            let dest_root = dest.to_string();
            self.mkdir_p(&dest_root, None, None, &Origin::Instruction);
            // An opaque directory (node_modules, an extracted archive) stands
            // for contents of its own size: they come along.
            if src_entry.opaque {
                let mut root = mk(src_entry, src);
                root.opaque = true;
                total += src_entry.size;
                self.put(&dest_root, root);
                copied.push(dest_root.clone());
            }
            // What may be in the source but is not listed may be in the copy.
            let line = mk(src_entry, src).line;
            for r in from.regions_over(src) {
                let dir = if is_within(&r.dir, src) {
                    join(&dest_root, &r.dir[if src == "/" { 1 } else { src.len() }..])
                } else {
                    dest_root.clone()
                };
                let pattern = if r.dir == src {
                    r.pattern.clone()
                } else {
                    None
                };
                self.push_region(
                    &normalize(&dir, "/"),
                    line,
                    r.cause.clone(),
                    r.counted,
                    pattern,
                );
                if !r.counted {
                    total = total.incomplete();
                }
            }
            let items: Vec<(String, Entry)> = from
                .descendants(src)
                .map(|(k, e)| (k.clone(), e.clone()))
                .collect();
            for (k, e) in items {
                if self.overflowed {
                    break;
                }
                let rel = &k[if src == "/" { 1 } else { src.len() + 1 }..];
                let target = join(&dest_root, rel);
                total += e.size;
                let ne = mk(&e, &k);
                self.put(&target, ne);
                copied.push(target);
            }
        } else {
            let target = if dest_is_dir || self.is_dir(dest) {
                join(dest, basename(src))
            } else {
                dest.to_string()
            };
            total += src_entry.size;
            let ne = mk(src_entry, src);
            self.put(&target, ne);
            copied.push(target);
        }
        (copied, total)
    }
}

impl Vfs {
    /// The regions that cover `dir` or lie inside it.
    pub fn regions_over<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a UnseenRegion> + 'a {
        self.regions.iter().filter(move |r| {
            (is_within(dir, &r.dir) && self.applies(r, dir)) || is_within(&r.dir, dir)
        })
    }

    /// The base image's unlisted files are in its own directories: not in
    /// one the build created (`WORKDIR /usr/src/app`).
    fn applies(&self, r: &UnseenRegion, path: &str) -> bool {
        if r.cause != Unseen::BaseImage || r.line.is_some() {
            return true;
        }
        let mut p = Some(path);
        while let Some(cur) = p {
            if let Some(e) = self.get(cur) {
                return !e.is_dir() || e.origin == Origin::Base;
            }
            p = parent(cur);
        }
        true
    }
}

pub fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Go's `filepath.Match` on whole paths: `*` and `?` do not cross `/`.
pub fn path_match(pattern: &str, name: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let n: Vec<&str> = name.split('/').collect();
    p.len() == n.len() && p.iter().zip(&n).all(|(a, b)| segment_match(a, b))
}

/// Shell-style matching of one path segment, iterative (no exponential
/// backtracking): `*`, `?`, `[abc]`, `[a-z]`, `[!x]`/`[^x]`, `\` escapes.
pub fn segment_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = class_match(&p, pi, n[ni]) {
                        if matched {
                            pi = next;
                            ni += 1;
                            continue;
                        }
                    } else if n[ni] == '[' {
                        pi += 1;
                        ni += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() => {
                    if p[pi + 1] == n[ni] {
                        pi += 2;
                        ni += 1;
                        continue;
                    }
                }
                c => {
                    if c == n[ni] {
                        pi += 1;
                        ni += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Matches `c` against the class starting at `p[i] == '['`; returns (matched,
/// index after the class), or None when the class is not closed.
fn class_match(p: &[char], i: usize, c: char) -> Option<(bool, usize)> {
    let mut j = i + 1;
    let negate = matches!(p.get(j), Some('!') | Some('^'));
    if negate {
        j += 1;
    }
    let mut matched = false;
    let mut first = true;
    while j < p.len() && (p[j] != ']' || first) {
        first = false;
        let lo = if p[j] == '\\' && j + 1 < p.len() {
            j += 1;
            p[j]
        } else {
            p[j]
        };
        if j + 2 < p.len() && p[j + 1] == '-' && p[j + 2] != ']' {
            let hi = p[j + 2];
            if lo <= c && c <= hi {
                matched = true;
            }
            j += 3;
        } else {
            if lo == c {
                matched = true;
            }
            j += 1;
        }
    }
    if j >= p.len() {
        return None;
    }
    Some((matched != negate, j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing() {
        assert_eq!(normalize("app/", "/"), "/app");
        assert_eq!(normalize("./x/../y//z/", "/srv"), "/srv/y/z");
        assert_eq!(normalize("/../..", "/a"), "/");
        assert_eq!(normalize(".", "/root/.local"), "/root/.local");
    }

    #[test]
    fn globbing() {
        assert!(segment_match("*.txt", "requirements.txt"));
        assert!(!segment_match("*.txt", "a.py"));
        assert!(segment_match("req*[0-9].t?t", "req-2.txt"));
        assert!(segment_match("[!a]*", "b"));
        assert!(!segment_match("[!a]*", "a"));
        assert!(path_match("/app/*.py", "/app/x.py"));
        assert!(!path_match("/app/*.py", "/app/sub/x.py"));
        let long = "a".repeat(5000);
        assert!(!segment_match(&"*a".repeat(50), &(long + "b")));
    }

    #[test]
    fn copy_directory_contents() {
        let mut a = Vfs::new();
        let e = Entry::new(
            Kind::File,
            Bytes::exact(10),
            Some(3),
            Some(0),
            Origin::Run {
                command: "pip".into(),
            },
        );
        a.put("/root/.local/bin/flask", e.clone());
        a.put(
            "/root/.local/lib/python3.8/site-packages/flask/__init__.py",
            e,
        );
        let mut b = Vfs::new();
        let (copied, size) = b.copy_from(&a, "/root/.local/bin", "/root/.local", true, &|e, _| {
            e.clone()
        });
        assert_eq!(copied, vec!["/root/.local/flask"]);
        assert_eq!(size, Bytes::exact(10));
        assert!(b.exists("/root/.local/flask"));
        assert!(!b.exists("/root/.local/lib"));
        let freed = a.remove("/root/.local");
        assert_eq!(freed.iter().map(|x| x.1.value).sum::<u64>(), 20);
        assert!(!a.exists("/root/.local/bin/flask"));
        assert!(a.get_any("/root/.local/bin/flask").unwrap().deleted);
    }
}
