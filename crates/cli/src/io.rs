//! Reading inputs (Dockerfiles, goals files) and writing the output.

use crate::{escape, safefs};
use std::io::Write;

/// The text of `--goals-file` (a regular file, at most [`safefs::CONFIG_LIMIT`]).
pub(crate) fn read_goals(path: &std::path::Path) -> Result<String, String> {
    let bytes = safefs::read_named(path, safefs::CONFIG_LIMIT)?;
    String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads a Dockerfile (or stdin for `-`), at most [`safefs::DOCKERFILE_LIMIT`]
/// bytes of a regular file. A symbolic link is followed only into
/// `found_in` (the directory argument it was found in) or, for a file named
/// on the command line, into [`safefs::named_roots`]. Invalid UTF-8 is
/// replaced, with a warning.
pub(crate) fn read_input(
    file: &str,
    found_in: Option<&std::path::Path>,
) -> Result<(String, String), String> {
    let limit = safefs::DOCKERFILE_LIMIT;
    let (name, bytes) = if file == "-" {
        let stdin = std::io::stdin().lock();
        let name = "<stdin>".to_string();
        let bytes = safefs::read_limited(stdin, "standard input", limit)?;
        (name, bytes)
    } else {
        let path = std::path::Path::new(file);
        let bytes = match found_in {
            Some(root) => {
                safefs::link_inside(path, &[root.to_path_buf()])?;
                safefs::read_regular(path, limit)?
            }
            None => safefs::read_named(path, limit)?,
        };
        (file.to_string(), bytes)
    };
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let pos = layerlab_syntax::LineIndex::new(&s).line_col(&s, valid);
            eprintln!(
                "{}:{}:{}: warning: invalid UTF-8; bytes replaced with U+FFFD",
                escape::text(&name),
                pos.line,
                pos.column
            );
            s
        }
    };
    Ok((name, text))
}

pub(crate) fn write_out(s: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}
