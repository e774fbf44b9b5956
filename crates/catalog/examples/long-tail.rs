//! Writes the long-tail file (see `layerlab_catalog::encode_long_tail`) of
//! this build's tables — all of them: the example requires the `long-tail`
//! feature — to the path given, or to stdout. The site's build runs it
//! (scripts/long-tail) and serves the file for the page to fetch on first use.

use std::io::Write;

fn main() {
    let text = match layerlab_catalog::encode_long_tail() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("long-tail: a table value cannot be written: {e}");
            std::process::exit(1);
        }
    };
    let written = match std::env::args_os().nth(1) {
        Some(path) => std::fs::write(&path, &text),
        None => std::io::stdout().write_all(text.as_bytes()),
    };
    if let Err(e) = written {
        eprintln!("long-tail: cannot write: {e}");
        std::process::exit(1);
    }
}
