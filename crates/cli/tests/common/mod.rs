//! What the CLI's integration tests share: running the built binary as a
//! user would, and finding the shared test data.
#![allow(dead_code)] // each test file uses some of these

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `layerlab args…` in `cwd` (the test's own directory when `None`),
/// with `stdin` as its input (closed when `None`), colours not forced off.
pub fn run_in(args: &[&str], cwd: Option<&Path>, stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_layerlab"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let mut child = cmd.spawn().expect("run layerlab");
    if let Some(input) = stdin {
        // A run that fails early (a usage error) may exit before reading
        // its input: a broken pipe is its answer, not the test's failure.
        if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

/// `layerlab args…` from the test's directory.
pub fn layerlab(args: &[&str], stdin: Option<&str>) -> Output {
    run_in(args, None, stdin)
}

/// The shared test data (`$LAYERLAB_SHARED`, else a `shared/` beside an
/// ancestor of this crate, else /work/shared).
pub fn shared_dir() -> PathBuf {
    if let Ok(p) = std::env::var("LAYERLAB_SHARED") {
        return PathBuf::from(p);
    }
    let mut dir = Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        if d.join("shared/corpus").is_dir() {
            return d.join("shared");
        }
        dir = d.parent();
    }
    PathBuf::from("/work/shared")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
