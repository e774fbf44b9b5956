//! What the CLI's integration tests share: running the built binary as a
//! user would, and finding the shared test data.
#![allow(dead_code)] // each test file uses some of these

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The command `layerlab args…` in `cwd` (the test's own directory when
/// `None`), all three streams piped, colours not forced off.
fn command(args: &[&str], cwd: Option<&Path>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_layerlab"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd
}

/// Runs `layerlab args…` in `cwd` (the test's own directory when `None`),
/// with `stdin` as its input (closed when `None`), colours not forced off.
pub fn run_in(args: &[&str], cwd: Option<&Path>, stdin: Option<&str>) -> Output {
    let mut child = command(args, cwd).spawn().expect("run layerlab");
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

/// Runs `layerlab args…` in `cwd` with extra environment variables and
/// standard input closed; fails the test (after killing the run) when it
/// takes longer than `limit`: for inputs that could make it hang.
pub fn run_timed(args: &[&str], cwd: &Path, env: &[(&str, &str)], limit: Duration) -> Output {
    let mut cmd = command(args, Some(cwd));
    cmd.envs(env.iter().copied());
    let mut child = cmd.spawn().expect("run layerlab");
    drop(child.stdin.take());
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("layerlab {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// `layerlab args…` from the test's directory.
pub fn layerlab(args: &[&str], stdin: Option<&str>) -> Output {
    run_in(args, None, stdin)
}

/// The shared test data (`$LAYERLAB_SHARED`, else a `shared/` beside an
/// ancestor of this crate: the repository's own shared/).
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
    panic!("cannot find the repository's shared/ folder: set LAYERLAB_SHARED")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Seed 04 as a project in a fresh temporary directory named after `name`:
/// the Dockerfile in its build context (shared/seeds/context/002). Returns
/// the directory and the Dockerfile's text.
pub fn seed04_project(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("layerlab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&shared_dir().join("seeds/context/002"), &dir);
    let text =
        std::fs::read_to_string(shared_dir().join("seeds/04_ru_user_local_multistage.Dockerfile"))
            .unwrap();
    std::fs::write(dir.join("Dockerfile"), &text).unwrap();
    (dir, text)
}
