//! COPY and ADD, as Docker does them: a directory's contents are copied (not
//! the directory), trailing-slash rules, wildcards, `--from` a stage or an
//! image, `--chown`, `--chmod`, `--parents`, `--exclude`, heredoc sources, ADD
//! of URLs and local archives.

use super::context::{clean, BuildContext};
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

#[allow(clippy::too_many_arguments)]
pub(super) fn apply_copy(
    ins: &Instruction,
    idx: usize,
    lex: &Lex,
    vars: &Vars,
    ctx: &BuildContext,
    ctx_known: bool,
    sim: &mut Simulation,
) {
    let line = ins.start_line;
    let is_add = ins.kind == Keyword::Add;
    let raw: Vec<String> = match &ins.args {
        Args::Exec { items, .. } | Args::Words { items } => {
            items.iter().map(|t| t.text.clone()).collect()
        }
        _ => Vec::new(),
    };
    if raw.len() < 2 {
        return;
    }
    let expand = |s: &str| lex.process_word(s, vars).unwrap_or_else(|_| s.to_string());
    let flag = |name: &str| {
        ins.flag(name)
            .and_then(|f| f.value.as_ref())
            .map(|v| expand(&v.text))
    };
    let chown = flag("chown");
    let chmod = flag("chmod");
    let parents = ins
        .flag("parents")
        .is_some_and(|f| f.value.as_ref().is_none_or(|v| v.text != "false"));
    let excludes: Vec<String> = ins
        .flags
        .iter()
        .filter(|f| f.name.text == "exclude")
        .filter_map(|f| f.value.as_ref())
        .map(|v| expand(&v.text))
        .collect();
    let from = flag("from");

    let dest_raw = expand(raw.last().unwrap());
    let workdir = sim.stages[idx].workdir.clone();
    let dest = vfs::normalize(&dest_raw, &workdir);
    let sources: Vec<String> = raw[..raw.len() - 1]
        .iter()
        .map(|s| {
            if s.starts_with("<<") {
                s.clone()
            } else {
                expand(s)
            }
        })
        .collect();
    // Sources that use a build argument with no value: what they name
    // depends on a --build-arg, so they are not claimed missing.
    let unset: Vec<String> = raw[..raw.len() - 1]
        .iter()
        .filter(|s| !s.starts_with("<<"))
        .filter(|s| {
            lex.process_word_with_matches(s, vars)
                .is_ok_and(|e| !e.unmatched.is_empty())
        })
        .map(|s| expand(s))
        .collect();
    let layer_idx = sim.stages[idx].layers.len();

    // Where the files come from.
    enum Src {
        Context,
        Stage(usize),
        Image(String),
    }
    let src_kind = match &from {
        None => Src::Context,
        Some(f) => match find_stage(&sim.stages, f, idx) {
            Some(s) => Src::Stage(s.index),
            None => Src::Image(f.clone()),
        },
    };
    match &src_kind {
        Src::Stage(i) => sim.edges.push(Edge {
            from: EdgeSource::Stage { index: *i },
            to: idx,
            kind: EdgeKind::CopyFrom,
            line,
        }),
        Src::Image(r) => sim.edges.push(Edge {
            from: EdgeSource::Image {
                reference: r.clone(),
            },
            to: idx,
            kind: EdgeKind::CopyFrom,
            line,
        }),
        _ => {}
    }

    let multiple = sources.len() > 1 || sources.iter().any(|s| vfs::has_glob(s));
    let dest_is_dir = dest_raw.ends_with('/') || multiple;
    let owner = chown.clone();
    let mut total = Bytes::ZERO;
    let mut notes: Vec<String> = Vec::new();
    let mut copied_paths: Vec<String> = Vec::new();

    let stage_name = |sim: &Simulation, i: usize| sim.stages[i].display_name();
    let mut heredoc_iter = ins.heredocs.iter();

    for src in &sources {
        let excluded = |rel: &str| excludes.iter().any(|p| pattern_matches(p, rel));
        if src.starts_with("<<") {
            // A heredoc becomes a file named after its delimiter.
            let h = heredoc_iter.next();
            let name = h.map(|h| h.name.clone()).unwrap_or_default();
            let size = h.map(|h| h.content.len() as u64).unwrap_or(0);
            let target = if dest_is_dir || sim.stages[idx].fs.is_dir(&dest) {
                join(&dest, &name)
            } else {
                dest.clone()
            };
            let mut e = Entry::new(
                Kind::File,
                Bytes::exact(size),
                Some(line),
                Some(layer_idx),
                Origin::Heredoc,
            );
            e.owner = owner.clone();
            e.mode = chmod.clone();
            sim.stages[idx].fs.put(&target, e);
            total += Bytes::exact(size);
            copied_paths.push(target);
            continue;
        }
        match &src_kind {
            Src::Context if is_add && is_git(src) => {
                let target = dest.clone();
                let fs = &mut sim.stages[idx].fs;
                fs.mkdir_p(
                    &target,
                    Some(line),
                    Some(layer_idx),
                    &Origin::Url { url: src.clone() },
                );
                fs.add_region(
                    &target,
                    Some(line),
                    Unseen::Copied {
                        from: src.clone(),
                        path: "/".into(),
                    },
                );
                total += Bytes::UNKNOWN;
                notes.push(format!("clones {src}: size unknown"));
                copied_paths.push(target);
            }
            Src::Context if is_add && is_url(src) => {
                let name = basename(src.split(['?', '#']).next().unwrap_or(src)).to_string();
                let target = if dest_is_dir || sim.stages[idx].fs.is_dir(&dest) {
                    join(&dest, &name)
                } else {
                    dest.clone()
                };
                let mut e = Entry::new(
                    Kind::File,
                    Bytes::UNKNOWN,
                    Some(line),
                    Some(layer_idx),
                    Origin::Url { url: src.clone() },
                );
                e.owner = owner.clone();
                e.mode = chmod.clone().or(Some("600".into()));
                sim.stages[idx].fs.put(&target, e);
                total += Bytes::UNKNOWN;
                notes.push(format!("downloads {src}: size unknown"));
                copied_paths.push(target);
            }
            Src::Context => {
                let rel = clean(src);
                let matches: Vec<String> = if !ctx_known {
                    vec![rel.clone()]
                } else if vfs::has_glob(&rel) {
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
                } else {
                    vec![rel.clone()]
                };
                let missing =
                    |m: &str| (!ctx.files.contains_key(m) || m.is_empty()) && !ctx.is_dir(m);
                for m in matches {
                    let archive = is_add && ARCHIVE_SUFFIXES.iter().any(|s| m.ends_with(s));
                    if !ctx_known && archive {
                        // ADD extracts a local archive: its contents are unseen.
                        let fs = &mut sim.stages[idx].fs;
                        fs.mkdir_p(
                            &dest,
                            Some(line),
                            Some(layer_idx),
                            &Origin::Context { path: rel.clone() },
                        );
                        fs.add_region(
                            &dest,
                            Some(line),
                            Unseen::Context {
                                source: src.clone(),
                            },
                        );
                        total += Bytes::UNKNOWN;
                        copied_paths.push(dest.clone());
                    } else if !ctx_known || (missing(&m) && (unset.contains(src) || ctx.partial)) {
                        // No context given (or a partial one, or a name that
                        // depends on a --build-arg): the file or directory
                        // named exists (the build stops otherwise), its
                        // contents are unknown.
                        unknown_context_source(
                            sim,
                            idx,
                            src,
                            &rel,
                            &dest,
                            dest_is_dir,
                            line,
                            layer_idx,
                            &owner,
                        );
                        total += Bytes::UNKNOWN;
                        copied_paths.push(dest.clone());
                    } else if let Some(file) = ctx.files.get(&m).filter(|_| !m.is_empty()) {
                        if excluded(&m) {
                            continue;
                        }
                        let name = if parents {
                            m.clone()
                        } else {
                            basename(&m).to_string()
                        };
                        if archive {
                            // ADD extracts local archives into dest.
                            let e = Entry::new(
                                Kind::Directory,
                                Bytes::UNKNOWN,
                                Some(line),
                                Some(layer_idx),
                                Origin::Context { path: m.clone() },
                            )
                            .opaque();
                            sim.stages[idx].fs.put(&dest, e);
                            total += Bytes::UNKNOWN;
                            notes.push(format!(
                                "extracts {m} ({} compressed): unpacked size unknown",
                                super::size::human(file.size)
                            ));
                            copied_paths.push(dest.clone());
                            continue;
                        }
                        let target = if dest_is_dir || parents || sim.stages[idx].fs.is_dir(&dest) {
                            join(&dest, &name)
                        } else {
                            dest.clone()
                        };
                        let mut e = Entry::new(
                            file_kind(&m),
                            Bytes::exact(file.size),
                            Some(line),
                            Some(layer_idx),
                            Origin::Context { path: m.clone() },
                        );
                        e.owner = owner.clone();
                        e.mode = chmod.clone();
                        sim.stages[idx].fs.put(&target, e);
                        total += Bytes::exact(file.size);
                        copied_paths.push(target);
                    } else if ctx.is_dir(&m) {
                        // A directory: its contents, not the directory itself.
                        let base = if parents && !m.is_empty() {
                            join(&dest, &m)
                        } else {
                            dest.clone()
                        };
                        sim.stages[idx].fs.mkdir_p(
                            &base,
                            Some(line),
                            Some(layer_idx),
                            &Origin::Context { path: m.clone() },
                        );
                        let prefix_len = if m.is_empty() { 0 } else { m.len() + 1 };
                        let files: Vec<(String, u64)> =
                            ctx.under(&m).map(|(k, f)| (k.clone(), f.size)).collect();
                        for (k, size) in files {
                            if excluded(&k) {
                                continue;
                            }
                            let target = join(&base, &k[prefix_len..]);
                            let mut e = Entry::new(
                                file_kind(&k),
                                Bytes::exact(size),
                                Some(line),
                                Some(layer_idx),
                                Origin::Context { path: k.clone() },
                            );
                            e.owner = owner.clone();
                            e.mode = chmod.clone();
                            sim.stages[idx].fs.put(&target, e);
                            total += Bytes::exact(size);
                            copied_paths.push(target);
                        }
                    } else {
                        sim.notes.push(Note {
                            problem: super::Problem::CopySourceMissing {
                                source: src.clone(),
                                generated: ctx.git_ignored(&m),
                            },
                            span: ins.rest.span,
                        });
                    }
                }
            }
            Src::Stage(from_idx) => {
                let from_idx = *from_idx;
                let src_path = vfs::normalize(src, "/");
                let from_fs: Vfs = sim.stages[from_idx].fs.clone();
                let matches = from_fs.glob(&src_path);
                let from_name = stage_name(sim, from_idx);
                let target_dir = dest_is_dir || matches_len_gt1(&sources);
                if matches.is_empty() {
                    // Not listed: a plausible build may still have put it there.
                    let probe = glob_free_prefix(&src_path);
                    let maybe = if probe == src_path {
                        !matches!(from_fs.presence(&probe), Presence::Absent)
                    } else {
                        !from_fs.presence(&probe).is_absent()
                            && (!from_fs.exists(&probe)
                                || !from_fs.reasons_within(&probe).is_empty())
                    };
                    let found = if maybe { Found::Maybe } else { Found::No };
                    sim.stages[idx].copies.push(StageCopy {
                        line,
                        from: from_idx,
                        source: src_path.clone(),
                        dest: dest.clone(),
                        found,
                    });
                    if found == Found::No {
                        sim.missing_copies.push(super::MissingCopy {
                            stage: idx,
                            from: from_idx,
                            path: src_path.clone(),
                            source: src.clone(),
                            line,
                            span: ins.rest.span,
                        });
                        continue;
                    }
                    let at = (line, layer_idx);
                    copy_unseen(&mut sim.stages[idx].fs, &dest, at, &from_name, &src_path);
                    total += Bytes::UNKNOWN;
                    notes.push(format!("copies {src_path} from stage {from_name}: not listed there (made by a command the simulation does not follow), size unknown"));
                    copied_paths.push(dest.clone());
                    continue;
                }
                sim.stages[idx].copies.push(StageCopy {
                    line,
                    from: from_idx,
                    source: src_path.clone(),
                    dest: dest.clone(),
                    found: Found::Yes,
                });
                for m in matches {
                    let mk = |e: &Entry, path: &str| {
                        let mut n = e.clone();
                        n.line = Some(line);
                        n.layer = Some(layer_idx);
                        n.deleted = false;
                        n.origin = Origin::Stage {
                            stage: from_name.clone(),
                            path: path.to_string(),
                        };
                        if owner.is_some() {
                            n.owner = owner.clone();
                        }
                        if chmod.is_some() {
                            n.mode = chmod.clone();
                        }
                        n
                    };
                    let (paths, size) = sim.stages[idx]
                        .fs
                        .copy_from(&from_fs, &m, &dest, target_dir, &mk);
                    total += size;
                    // An opaque directory's unlisted contents come along.
                    if from_fs.get(&m).is_some_and(|e| e.opaque && e.is_dir()) {
                        sim.stages[idx].fs.add_region(
                            &dest,
                            Some(line),
                            Unseen::Copied {
                                from: from_name.clone(),
                                path: m.clone(),
                            },
                        );
                    }
                    copied_paths.extend(paths);
                }
            }
            Src::Image(r) => {
                let target = dest.clone();
                let at = (line, layer_idx);
                copy_unseen(&mut sim.stages[idx].fs, &target, at, &r.to_string(), &src);
                total += Bytes::UNKNOWN;
                notes.push(format!("copies {src} from image {r}: size unknown"));
                copied_paths.push(target);
            }
        }
    }
    let n = copied_paths.len();
    if n > 0 {
        notes.insert(
            0,
            format!("{n} path{} → {dest}", if n == 1 { "" } else { "s" }),
        );
    }
    let layer = Layer::of(idx, ins, total, notes);
    sim.stages[idx].layers.push(layer);
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

/// A COPY source from a build context that was not given: a file by that
/// name (size unknown) when the name looks like a file, else unseen
/// contents at the destination (a directory's contents, or a wildcard's matches).
#[allow(clippy::too_many_arguments)]
fn unknown_context_source(
    sim: &mut Simulation,
    idx: usize,
    src: &str,
    rel: &str,
    dest: &str,
    dest_is_dir: bool,
    line: u32,
    layer: usize,
    owner: &Option<String>,
) {
    let fs = &mut sim.stages[idx].fs;
    let origin = Origin::Context {
        path: rel.to_string(),
    };
    let file_like = !src.ends_with('/')
        && !rel.is_empty()
        && !vfs::has_glob(rel)
        && basename(rel).contains('.')
        && !basename(rel).starts_with('.');
    if file_like {
        let target = if dest_is_dir || fs.is_dir(dest) {
            join(dest, basename(rel))
        } else {
            dest.to_string()
        };
        let mut e = Entry::new(
            file_kind(rel),
            Bytes::UNKNOWN,
            Some(line),
            Some(layer),
            origin,
        );
        e.owner = owner.clone();
        fs.put(&target, e);
        return;
    }
    fs.mkdir_p(dest, Some(line), Some(layer), &origin);
    if let (Some(o), Some(e)) = (owner, fs.get_mut(dest)) {
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
        fs.add_matching_region(dest, last, Some(line), cause);
    } else {
        fs.add_region(dest, Some(line), cause);
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

/// A copy of what the simulation cannot list (`path` of stage or image
/// `from`): the destination directory, and unseen contents under it, made by
/// the instruction at `(line, layer)`.
fn copy_unseen(fs: &mut Vfs, dest: &str, (line, layer): (u32, usize), from: &str, path: &str) {
    fs.mkdir_p(
        dest,
        Some(line),
        Some(layer),
        &Origin::Stage {
            stage: from.to_string(),
            path: path.to_string(),
        },
    );
    fs.add_region(
        dest,
        Some(line),
        Unseen::Copied {
            from: from.to_string(),
            path: path.to_string(),
        },
    );
}
