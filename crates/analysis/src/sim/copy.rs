//! COPY and ADD, as Docker does them: a directory's contents are copied (not
//! the directory), trailing-slash rules, wildcards, `--from` a stage or an
//! image, `--chown`, `--chmod`, `--parents`, `--exclude`, heredoc sources, ADD
//! of URLs and local archives.

use super::build_context::{clean, BuildContext};
use super::size::Bytes;
use super::vfs::{self, basename, segment_match, Entry, Kind, Origin, Presence, Unseen, Vfs};
use super::{
    find_stage, Edge, EdgeKind, EdgeSource, Found, Layer, Note, Simulation, StageCopy, Vars,
};
use layerlab_syntax::shell::Lex;
use layerlab_syntax::{Args, Instruction, Keyword};

const ARCHIVE_SUFFIXES: [&str; 8] = [
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
];

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

fn is_git(s: &str) -> bool {
    s.starts_with("git@")
        || (is_url(s) && (s.contains(".git#") || s.ends_with(".git") || s.contains(".git?")))
}

/// Where a COPY's files come from.
enum Src {
    Context,
    Stage(usize),
    Image(String),
}

/// A COPY or ADD, read: what it copies, where to, and how.
struct CopyIns<'a> {
    ins: &'a Instruction,
    /// The stage it runs in.
    idx: usize,
    line: u32,
    /// The index of the layer it adds.
    layer: usize,
    is_add: bool,
    /// Expanded, except heredoc markers (`<<EOF`).
    sources: Vec<String>,
    /// Sources that use a build argument with no value: what they name
    /// depends on a --build-arg, so they are not claimed missing.
    unset: Vec<String>,
    dest: String,
    /// The destination is a directory: it ends in `/`, or there are several
    /// sources (or a wildcard).
    dest_is_dir: bool,
    owner: Option<String>,
    chmod: Option<String>,
    parents: bool,
    excludes: Vec<String>,
    from: Src,
}

impl CopyIns<'_> {
    /// Where a file named `name` lands: inside the destination when it is a
    /// directory (or `into_dir`), else the destination itself.
    fn target(&self, fs: &Vfs, name: &str, into_dir: bool) -> String {
        if self.dest_is_dir || into_dir || fs.is_dir(&self.dest) {
            join(&self.dest, name)
        } else {
            self.dest.clone()
        }
    }

    /// A file this instruction writes, with its `--chown` and `--chmod`.
    fn entry(&self, kind: Kind, size: Bytes, origin: Origin) -> Entry {
        let mut e = Entry::new(kind, size, Some(self.line), Some(self.layer), origin);
        e.owner = self.owner.clone();
        e.mode = self.chmod.clone();
        e
    }

    fn excluded(&self, rel: &str) -> bool {
        self.excludes.iter().any(|p| pattern_matches(p, rel))
    }
}

/// Reads a COPY or ADD in stage `idx` (None when it names no source).
fn read_copy<'a>(
    ins: &'a Instruction,
    idx: usize,
    lex: &Lex,
    vars: &Vars,
    sim: &Simulation,
) -> Option<CopyIns<'a>> {
    let raw: Vec<String> = match &ins.args {
        Args::Exec { items, .. } | Args::Words { items } => {
            items.iter().map(|t| t.text.clone()).collect()
        }
        _ => Vec::new(),
    };
    if raw.len() < 2 {
        return None;
    }
    let expand = |s: &str| lex.process_word(s, vars).unwrap_or_else(|_| s.to_string());
    let flag = |name: &str| {
        ins.flag(name)
            .and_then(|f| f.value.as_ref())
            .map(|v| expand(&v.text))
    };
    let (raw_sources, raw_dest) = raw.split_at(raw.len() - 1);
    let dest_raw = expand(&raw_dest[0]);
    let sources: Vec<String> = raw_sources
        .iter()
        .map(|s| {
            if s.starts_with("<<") {
                s.clone()
            } else {
                expand(s)
            }
        })
        .collect();
    let unset: Vec<String> = raw_sources
        .iter()
        .filter(|s| !s.starts_with("<<"))
        .filter(|s| {
            lex.process_word_with_matches(s, vars)
                .is_ok_and(|e| !e.unmatched.is_empty())
        })
        .map(|s| expand(s))
        .collect();
    let multiple = sources.len() > 1 || sources.iter().any(|s| vfs::has_glob(s));
    let from = match flag("from") {
        None => Src::Context,
        Some(f) => match find_stage(&sim.stages, &f, idx) {
            Some(s) => Src::Stage(s.index),
            None => Src::Image(f),
        },
    };
    Some(CopyIns {
        ins,
        idx,
        line: ins.start_line,
        layer: sim.stages[idx].layers.len(),
        is_add: ins.kind == Keyword::Add,
        unset,
        dest: vfs::normalize(&dest_raw, &sim.stages[idx].workdir),
        dest_is_dir: dest_raw.ends_with('/') || multiple,
        sources,
        owner: flag("chown"),
        chmod: flag("chmod"),
        parents: ins
            .flag("parents")
            .is_some_and(|f| f.value.as_ref().is_none_or(|v| v.text != "false")),
        excludes: ins
            .flags
            .iter()
            .filter(|f| f.name.text == "exclude")
            .filter_map(|f| f.value.as_ref())
            .map(|v| expand(&v.text))
            .collect(),
        from,
    })
}

pub(super) fn apply_copy(
    ins: &Instruction,
    idx: usize,
    lex: &Lex,
    vars: &Vars,
    ctx: &BuildContext,
    ctx_known: bool,
    sim: &mut Simulation,
) {
    let Some(c) = read_copy(ins, idx, lex, vars, sim) else {
        return;
    };
    add_edge(sim, &c);
    let mut run = CopyRun {
        sim,
        ctx,
        ctx_known,
        c: &c,
        total: Bytes::ZERO,
        notes: Vec::new(),
        paths: Vec::new(),
    };
    let mut heredocs = ins.heredocs.iter();
    for src in &c.sources {
        if src.starts_with("<<") {
            run.heredoc(heredocs.next());
            continue;
        }
        match &c.from {
            Src::Context if c.is_add && is_git(src) => run.git(src),
            Src::Context if c.is_add && is_url(src) => run.url(src),
            Src::Context => run.context(src),
            Src::Stage(from) => run.stage(*from, src),
            Src::Image(r) => run.image(r, src),
        }
    }
    run.finish();
}

/// The graph's edge for `--from`.
fn add_edge(sim: &mut Simulation, c: &CopyIns) {
    let from = match &c.from {
        Src::Context => return,
        Src::Stage(i) => EdgeSource::Stage { index: *i },
        Src::Image(r) => EdgeSource::Image {
            reference: r.clone(),
        },
    };
    sim.edges.push(Edge {
        from,
        to: c.idx,
        kind: EdgeKind::CopyFrom,
        line: c.line,
    });
}

/// One COPY or ADD being applied: what it wrote so far.
struct CopyRun<'a> {
    sim: &'a mut Simulation,
    ctx: &'a BuildContext,
    ctx_known: bool,
    c: &'a CopyIns<'a>,
    total: Bytes,
    notes: Vec<String>,
    /// The paths written (for the layer's note).
    paths: Vec<String>,
}

impl CopyRun<'_> {
    fn fs(&mut self) -> &mut Vfs {
        &mut self.sim.stages[self.c.idx].fs
    }

    /// Writes `e` at `target`, counting its size.
    fn put(&mut self, target: String, e: Entry, size: Bytes) {
        self.fs().put(&target, e);
        self.total += size;
        self.paths.push(target);
    }

    /// Records what cannot be listed: unknown bytes at `target`.
    fn unseen(&mut self, target: String, note: Option<String>) {
        self.total += Bytes::UNKNOWN;
        self.notes.extend(note);
        self.paths.push(target);
    }

    /// The destination directory, with contents the simulation cannot list.
    fn unseen_contents(&mut self, origin: Origin, cause: Unseen) {
        let c = self.c;
        let fs = self.fs();
        fs.mkdir_p(&c.dest, Some(c.line), Some(c.layer), &origin);
        fs.add_region(&c.dest, Some(c.line), cause);
    }

    /// A copy of what the simulation cannot list (`path` of stage or image
    /// `from`).
    fn copied_unseen(&mut self, from: &str, path: &str) {
        let origin = Origin::Stage {
            stage: from.to_string(),
            path: path.to_string(),
        };
        let cause = Unseen::Copied {
            from: from.to_string(),
            path: path.to_string(),
        };
        self.unseen_contents(origin, cause);
    }

    /// A heredoc becomes a file named after its delimiter.
    fn heredoc(&mut self, h: Option<&layerlab_syntax::Heredoc>) {
        let c = self.c;
        let name = h.map(|h| h.name.clone()).unwrap_or_default();
        let size = Bytes::exact(h.map(|h| h.content.len() as u64).unwrap_or(0));
        let target = c.target(self.fs(), &name, false);
        self.put(target, c.entry(Kind::File, size, Origin::Heredoc), size);
    }

    /// ADD of a git repository: unseen contents at the destination.
    fn git(&mut self, src: &str) {
        let origin = Origin::Url {
            url: src.to_string(),
        };
        let cause = Unseen::Copied {
            from: src.to_string(),
            path: "/".into(),
        };
        self.unseen_contents(origin, cause);
        let dest = self.c.dest.clone();
        self.unseen(dest, Some(format!("clones {src}: size unknown")));
    }

    /// ADD of a URL: a file of unknown size, mode 600 unless `--chmod`.
    fn url(&mut self, src: &str) {
        let c = self.c;
        let name = basename(src.split(['?', '#']).next().unwrap_or(src)).to_string();
        let target = c.target(self.fs(), &name, false);
        let origin = Origin::Url {
            url: src.to_string(),
        };
        let mut e = c.entry(Kind::File, Bytes::UNKNOWN, origin);
        e.mode = e.mode.or(Some("600".into()));
        self.fs().put(&target, e);
        self.unseen(target, Some(format!("downloads {src}: size unknown")));
    }

    /// A source from the build context: every path it matches.
    fn context(&mut self, src: &str) {
        let rel = clean(src);
        for m in context_matches(self.ctx, self.ctx_known, &rel) {
            self.context_match(src, &rel, &m);
        }
    }

    fn context_match(&mut self, src: &str, rel: &str, m: &str) {
        let (c, ctx) = (self.c, self.ctx);
        let archive = c.is_add && ARCHIVE_SUFFIXES.iter().any(|s| m.ends_with(s));
        let missing = (!ctx.files.contains_key(m) || m.is_empty()) && !ctx.is_dir(m);
        if !self.ctx_known && archive {
            // ADD extracts a local archive: its contents are unseen.
            let origin = Origin::Context {
                path: rel.to_string(),
            };
            let cause = Unseen::Context {
                source: src.to_string(),
            };
            self.unseen_contents(origin, cause);
            self.unseen(c.dest.clone(), None);
        } else if !self.ctx_known || (missing && (c.unset.iter().any(|u| u == src) || ctx.partial))
        {
            // No context given (or a partial one, or a name that depends on
            // a --build-arg): the file or directory named exists (the build
            // stops otherwise), its contents are unknown.
            self.unknown_context_source(src, rel);
            self.unseen(c.dest.clone(), None);
        } else if let Some(file) = ctx.files.get(m).filter(|_| !m.is_empty()) {
            if !c.excluded(m) {
                self.context_file(m, file.size, archive);
            }
        } else if ctx.is_dir(m) {
            self.context_dir(m);
        } else {
            self.sim.notes.push(Note {
                problem: super::Problem::CopySourceMissing {
                    source: src.to_string(),
                    generated: ctx.git_ignored(m),
                },
                span: c.ins.rest.span,
            });
        }
    }

    /// A file of the build context (ADD extracts a local archive).
    fn context_file(&mut self, m: &str, size: u64, archive: bool) {
        let c = self.c;
        let origin = Origin::Context {
            path: m.to_string(),
        };
        if archive {
            let e = Entry::new(
                Kind::Directory,
                Bytes::UNKNOWN,
                Some(c.line),
                Some(c.layer),
                origin,
            )
            .opaque();
            self.fs().put(&c.dest, e);
            let note = format!(
                "extracts {m} ({} compressed): unpacked size unknown",
                super::size::human(size)
            );
            self.unseen(c.dest.clone(), Some(note));
            return;
        }
        let name = if c.parents { m } else { basename(m) };
        let target = c.target(self.fs(), name, c.parents);
        let size = Bytes::exact(size);
        self.put(target, c.entry(file_kind(m), size, origin), size);
    }

    /// A directory of the build context: its contents, not the directory itself.
    fn context_dir(&mut self, m: &str) {
        let (c, ctx) = (self.c, self.ctx);
        let base = if c.parents && !m.is_empty() {
            join(&c.dest, m)
        } else {
            c.dest.clone()
        };
        let origin = Origin::Context {
            path: m.to_string(),
        };
        self.fs()
            .mkdir_p(&base, Some(c.line), Some(c.layer), &origin);
        let prefix_len = if m.is_empty() { 0 } else { m.len() + 1 };
        for (k, f) in ctx.under(m) {
            if c.excluded(k) {
                continue;
            }
            let size = Bytes::exact(f.size);
            let origin = Origin::Context { path: k.clone() };
            let e = c.entry(file_kind(k), size, origin);
            self.put(join(&base, &k[prefix_len..]), e, size);
        }
    }

    /// A source from an earlier stage (`--from=<stage>`).
    fn stage(&mut self, from_idx: usize, src: &str) {
        let c = self.c;
        let src_path = vfs::normalize(src, "/");
        let from_fs: Vfs = self.sim.stages[from_idx].fs.clone();
        let matches = from_fs.glob(&src_path);
        let from_name = self.sim.stages[from_idx].display_name();
        if matches.is_empty() {
            self.stage_unlisted(from_idx, &from_fs, &from_name, src, &src_path);
            return;
        }
        self.sim.stages[c.idx].copies.push(StageCopy {
            line: c.line,
            from: from_idx,
            source: src_path.clone(),
            dest: c.dest.clone(),
            found: Found::Yes,
        });
        let target_dir = c.dest_is_dir || matches_len_gt1(&c.sources);
        let mk = |e: &Entry, path: &str| {
            let mut n = e.clone();
            n.line = Some(c.line);
            n.layer = Some(c.layer);
            n.deleted = false;
            n.origin = Origin::Stage {
                stage: from_name.clone(),
                path: path.to_string(),
            };
            if c.owner.is_some() {
                n.owner = c.owner.clone();
            }
            if c.chmod.is_some() {
                n.mode = c.chmod.clone();
            }
            n
        };
        for m in matches {
            let (paths, size) = self.fs().copy_from(&from_fs, &m, &c.dest, target_dir, &mk);
            self.total += size;
            // An opaque directory's unlisted contents come along.
            if from_fs.get(&m).is_some_and(|e| e.opaque && e.is_dir()) {
                let cause = Unseen::Copied {
                    from: from_name.clone(),
                    path: m.clone(),
                };
                self.fs().add_region(&c.dest, Some(c.line), cause);
            }
            self.paths.extend(paths);
        }
    }

    /// A `--from` source the stage does not list: a plausible build may
    /// still have put it there (unseen contents), else it is missing.
    fn stage_unlisted(
        &mut self,
        from_idx: usize,
        from_fs: &Vfs,
        from_name: &str,
        src: &str,
        src_path: &str,
    ) {
        let c = self.c;
        let probe = glob_free_prefix(src_path);
        let maybe = if probe == src_path {
            !matches!(from_fs.presence(&probe), Presence::Absent)
        } else {
            !from_fs.presence(&probe).is_absent()
                && (!from_fs.exists(&probe) || !from_fs.reasons_within(&probe).is_empty())
        };
        let found = if maybe { Found::Maybe } else { Found::No };
        self.sim.stages[c.idx].copies.push(StageCopy {
            line: c.line,
            from: from_idx,
            source: src_path.to_string(),
            dest: c.dest.clone(),
            found,
        });
        if found == Found::No {
            self.sim.missing_copies.push(super::MissingCopy {
                stage: c.idx,
                from: from_idx,
                path: src_path.to_string(),
                source: src.to_string(),
                line: c.line,
                span: c.ins.rest.span,
            });
            return;
        }
        self.copied_unseen(from_name, src_path);
        let note = format!("copies {src_path} from stage {from_name}: not listed there (made by a command the simulation does not follow), size unknown");
        self.unseen(c.dest.clone(), Some(note));
    }

    /// A source from an image (`--from=<image>`): unseen contents.
    fn image(&mut self, r: &str, src: &str) {
        let c = self.c;
        self.copied_unseen(r, src);
        let note = format!("copies {src} from image {r}: size unknown");
        self.unseen(c.dest.clone(), Some(note));
    }

    /// The layer, with a first note on how many paths it wrote.
    fn finish(mut self) {
        let n = self.paths.len();
        if n > 0 {
            let dest = &self.c.dest;
            let note = format!("{n} path{} → {dest}", if n == 1 { "" } else { "s" });
            self.notes.insert(0, note);
        }
        let layer = Layer::of(self.c.idx, self.c.ins, self.total, self.notes);
        self.sim.stages[self.c.idx].layers.push(layer);
    }

    /// A COPY source from a build context that was not given: a file by
    /// that name (size unknown) when the name looks like a file, else unseen
    /// contents at the destination (a directory's contents, or a wildcard's
    /// matches).
    fn unknown_context_source(&mut self, src: &str, rel: &str) {
        let c = self.c;
        let origin = Origin::Context {
            path: rel.to_string(),
        };
        let file_like = !src.ends_with('/')
            && !rel.is_empty()
            && !vfs::has_glob(rel)
            && basename(rel).contains('.')
            && !basename(rel).starts_with('.');
        let fs = self.fs();
        if file_like {
            let target = c.target(fs, basename(rel), false);
            let mut e = Entry::new(
                file_kind(rel),
                Bytes::UNKNOWN,
                Some(c.line),
                Some(c.layer),
                origin,
            );
            e.owner = c.owner.clone();
            fs.put(&target, e);
            return;
        }
        fs.mkdir_p(&c.dest, Some(c.line), Some(c.layer), &origin);
        if let (Some(o), Some(e)) = (&c.owner, fs.get_mut(&c.dest)) {
            e.owner = Some(o.clone());
        }
        let cause = Unseen::Context {
            source: src.to_string(),
        };
        // `package*.json`, `src/*.py`: only names matching the last segment.
        let last = basename(rel);
        let dirs_plain = vfs::parent(&format!("/{rel}")).is_none_or(|p| !vfs::has_glob(p));
        // A wildcard that may match a directory copies its contents: only a
        // file-like pattern (`*.py`, `package*.json`) names what lands.
        let file_pattern = last.contains('.') && !last.ends_with('*');
        if vfs::has_glob(last) && dirs_plain && file_pattern {
            fs.add_matching_region(&c.dest, last, Some(c.line), cause);
        } else {
            fs.add_region(&c.dest, Some(c.line), cause);
        }
    }
}

/// The context paths a source names: itself, or what its wildcard matches
/// (itself when the context is not known).
fn context_matches(ctx: &BuildContext, ctx_known: bool, rel: &str) -> Vec<String> {
    if !ctx_known || !vfs::has_glob(rel) {
        return vec![rel.to_string()];
    }
    let pat: Vec<&str> = rel.split('/').collect();
    let mut m: Vec<String> = ctx
        .files
        .keys()
        .filter_map(|k| {
            let segs: Vec<&str> = k.split('/').collect();
            if segs.len() < pat.len() {
                return None;
            }
            let prefix = &segs[..pat.len()];
            pat.iter()
                .zip(prefix)
                .all(|(p, s)| segment_match(p, s))
                .then(|| prefix.join("/"))
        })
        .collect();
    m.dedup();
    m
}

/// The part of a path before its first wildcard segment's directory.
fn glob_free_prefix(path: &str) -> String {
    if !vfs::has_glob(path) {
        return path.to_string();
    }
    let mut out = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if vfs::has_glob(seg) {
            break;
        }
        out.push('/');
        out.push_str(seg);
    }
    if out.is_empty() {
        "/".into()
    } else {
        out
    }
}

fn matches_len_gt1(sources: &[String]) -> bool {
    sources.len() > 1
}

fn join(dir: &str, name: &str) -> String {
    vfs::normalize(name, dir)
}

fn file_kind(path: &str) -> Kind {
    if path.ends_with(".sh") {
        Kind::Executable
    } else {
        Kind::File
    }
}

/// `--exclude` patterns match a path or one of its parent directories.
fn pattern_matches(pattern: &str, rel: &str) -> bool {
    let cleaned = clean(pattern);
    let pat: Vec<&str> = cleaned.split('/').collect();
    let segs: Vec<&str> = rel.split('/').collect();
    (1..=segs.len()).any(|n| {
        n == pat.len()
            && pat
                .iter()
                .zip(&segs[..n])
                .all(|(p, s)| *p == "**" || segment_match(p, s))
    }) || segs
        .iter()
        .any(|s| pat.len() == 1 && segment_match(pat[0], s))
}
