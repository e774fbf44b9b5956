//! Reading a build context directory into a [`BuildContext`].

use crate::safefs;
use layerlab_analysis::sim::build_context::reads_text;
use layerlab_analysis::BuildContext;
use std::path::{Path, PathBuf};

const MAX_FILES: usize = 200_000;
const MAX_TEXT: u64 = 4 * 1024 * 1024;

/// The walk of one context directory.
struct Walk<'a> {
    root: &'a Path,
    ctx: BuildContext,
    count: usize,
    /// Symbolic links that lead out of the context: skipped.
    outside: Vec<String>,
}

/// Walks `dir` (without following symbolic links) and records every file's
/// size, and the text of the files the simulation reads (regular files of
/// at most 4 MiB). A symbolic link is recorded (at its own size) only when
/// it resolves inside the context; others are skipped, with a note. Named
/// pipes, devices and sockets are left out (never opened). Names are kept
/// as they are: a `\` or a control character is part of a file name, never
/// a separator, so no name leads out of the context. Besides the context:
/// notes for the reader (links skipped), unescaped.
pub fn load(dir: &Path) -> Result<(BuildContext, Vec<String>), String> {
    let meta = std::fs::metadata(dir)
        .map_err(|e| format!("cannot read context {}: {e}", dir.display()))?;
    if !meta.is_dir() {
        return Err(format!("context {} is not a directory", dir.display()));
    }
    let mut walk = Walk {
        root: dir,
        ctx: BuildContext::new(),
        count: 0,
        outside: Vec::new(),
    };
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        walk.directory(&d, &mut stack)?;
    }
    let notes = walk.note_outside().into_iter().collect();
    add_outer_gitignores(dir, &mut walk.ctx);
    Ok((walk.ctx, notes))
}

/// The `.gitignore` files of the folders above the context, up to the
/// repository's root (the folder holding `.git`, at most 8 levels): their
/// patterns that match at any depth (`target`, `*.log`) also say what in the
/// context is generated. Unreadable files are skipped.
fn add_outer_gitignores(dir: &Path, ctx: &mut BuildContext) {
    let Ok(mut cur) = dir.canonicalize() else {
        return;
    };
    for _ in 0..8 {
        if cur.join(".git").exists() {
            return;
        }
        let Some(parent) = cur.parent() else { return };
        cur = parent.to_path_buf();
        if let Ok(bytes) = crate::safefs::read_regular(&cur.join(".gitignore"), 256 * 1024) {
            ctx.add_outer_gitignore(&String::from_utf8_lossy(&bytes));
        }
    }
}

impl Walk<'_> {
    fn directory(&mut self, d: &Path, stack: &mut Vec<PathBuf>) -> Result<(), String> {
        let entries =
            std::fs::read_dir(d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", d.display()))?;
            let path = entry.path();
            let ft = entry
                .file_type()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() || ft.is_symlink() {
                self.file(&entry, ft)?;
            }
        }
        Ok(())
    }

    fn file(&mut self, entry: &std::fs::DirEntry, ft: std::fs::FileType) -> Result<(), String> {
        let path = entry.path();
        let rel = relative(self.root, &path);
        if ft.is_symlink() && safefs::link_inside(&path, &[self.root.to_path_buf()]).is_err() {
            self.outside.push(rel);
            return Ok(());
        }
        self.count += 1;
        if self.count > MAX_FILES {
            return Err(format!(
                "context {} has more than {MAX_FILES} files",
                self.root.display()
            ));
        }
        // The entry's own size: a link's, not its target's.
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let text = if ft.is_file() && reads_text(&rel) && size <= MAX_TEXT {
            safefs::read_regular(&path, MAX_TEXT).ok()
        } else {
            None
        };
        match text {
            Some(b) => self.ctx.add_text(&rel, &String::from_utf8_lossy(&b)),
            None => self.ctx.add_sized(&rel, size),
        }
        Ok(())
    }

    fn note_outside(&self) -> Option<String> {
        let first = self.outside.first()?;
        Some(format!(
            "{} symbolic link(s) in context {} lead out of it and were skipped (the first: {})",
            self.outside.len(),
            self.root.display(),
            first
        ))
    }
}

/// `path` relative to the context root, `/`-separated (`\` is a separator
/// only on Windows; elsewhere it is part of a name).
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    if cfg!(windows) {
        rel.replace('\\', "/")
    } else {
        rel.into_owned()
    }
}
