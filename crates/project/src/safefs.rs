//! Reading files that a hostile checkout may hold, without hanging, running
//! out of memory or leaking what lies outside it.
//!
//! - Only regular files are read: a named pipe, a device, a socket or a
//!   directory is a clear error (checked before opening, so a pipe with no
//!   writer never blocks the run).
//! - Every read has a size limit: the size on disk is checked first, and the
//!   read itself stops one byte past the limit (for files whose size the
//!   kernel does not know, like those in /proc).
//! - A symbolic link is followed only when it resolves inside an allowed
//!   directory: for a file found in a directory argument, that directory;
//!   for a file named on the command line, the directory holding the link or
//!   the working directory. A link elsewhere (`Dockerfile -> /proc/self/environ`)
//!   is not read.

use layerlab_analysis::sim::size::human;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest Dockerfile read (a file or standard input).
pub const DOCKERFILE_LIMIT: u64 = 1 << 20;
/// The largest `.layerlab.toml` or goals file read.
pub const CONFIG_LIMIT: u64 = 256 << 10;

/// What kind of thing a non-regular path is, for error messages.
fn kind_of(meta: &Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// `meta` describes a regular file no larger than `limit`.
fn check_regular(path: &Path, meta: &Metadata, limit: u64) -> Result<(), String> {
    if !meta.is_file() {
        return Err(format!(
            "cannot read {}: {}, not a regular file",
            path.display(),
            kind_of(meta)
        ));
    }
    if meta.len() > limit {
        return Err(format!(
            "cannot read {}: it is {} ({} bytes); the limit is {}",
            path.display(),
            human(meta.len()),
            meta.len(),
            human(limit)
        ));
    }
    Ok(())
}

/// Reads at most `limit` bytes from `r`; more is an error naming `name`.
pub fn read_limited(mut r: impl Read, name: &str, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    r.by_ref()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "cannot read {name}: it is larger than the limit of {}",
            human(limit)
        ));
    }
    Ok(bytes)
}

/// The bytes of the regular file `path` (symbolic links followed), at most `limit`.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    check_regular(path, &std::fs::metadata(path).map_err(cannot)?, limit)?;
    let file = File::open(path).map_err(cannot)?;
    // The same checks on what was opened (the path may have changed since).
    check_regular(path, &file.metadata().map_err(cannot)?, limit)?;
    read_limited(file, &path.display().to_string(), limit)
}

/// Where the symbolic link `path` leads, when it is one.
fn link_target(path: &Path) -> Result<Option<PathBuf>, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    if !std::fs::symlink_metadata(path)
        .map_err(cannot)?
        .file_type()
        .is_symlink()
    {
        return Ok(None);
    }
    std::fs::canonicalize(path).map(Some).map_err(cannot)
}

/// Ok when `path` is not a symbolic link or resolves inside one of `roots`;
/// otherwise why it is not followed.
pub fn link_inside(path: &Path, roots: &[PathBuf]) -> Result<(), String> {
    let Some(target) = link_target(path)? else {
        return Ok(());
    };
    let inside = roots.iter().any(|r| match std::fs::canonicalize(r) {
        Ok(root) => target.starts_with(root),
        Err(_) => false,
    });
    if inside {
        return Ok(());
    }
    let names: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    Err(format!(
        "{}: a symbolic link to {}, outside {}: not followed",
        path.display(),
        target.display(),
        names.join(" and ")
    ))
}

/// The directories a link named on the command line may lead into: the
/// directory holding it and the working directory.
pub fn named_roots(path: &Path) -> Vec<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    vec![parent, PathBuf::from(".")]
}

/// Reads a file named on the command line: links only into [`named_roots`].
pub fn read_named(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    link_inside(path, &named_roots(path))?;
    read_regular(path, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_hold_for_streams_of_unknown_size() {
        assert_eq!(read_limited(&b"abc"[..], "x", 3).unwrap(), b"abc");
        let e = read_limited(&b"abcd"[..], "x", 3).unwrap_err();
        assert!(e.contains("larger than the limit"), "{e}");
    }

    #[test]
    fn directories_are_not_regular_files() {
        let e = read_regular(Path::new("."), 10).unwrap_err();
        assert!(e.contains("a directory, not a regular file"), "{e}");
    }
}
