//! The shell-script parser on every RUN script of the shared corpus
//! (`run_scripts`: shell form, heredoc bodies, `["sh", "-c", …]`, ONBUILD RUN): no panic, spans inside the
//! script, and parse errors only where the script really is broken.
//! `cargo test -p layerlab-syntax --test sh_corpus -- --nocapture` lists them.

mod common;

use layerlab_syntax::sh::{parse_script, Node};
use layerlab_syntax::{parse, run_scripts, Keyword};
use std::path::{Path, PathBuf};

fn dockerfiles(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            dockerfiles(&p, out);
        } else if p.to_string_lossy().ends_with("Dockerfile") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_run_scripts() {
    let mut files = Vec::new();
    dockerfiles(&common::shared_dir().join("corpus"), &mut files);
    let (mut n, mut bad) = (0usize, Vec::new());
    for f in &files {
        let df = parse(&common::read_text(f));
        // Windows images run RUN under PowerShell or cmd: not shell scripts.
        if df.instructions().any(|i| {
            i.kind == Keyword::Shell
                && ["powershell", "pwsh", "cmd"]
                    .iter()
                    .any(|w| i.rest.text.to_lowercase().contains(w))
        }) {
            continue;
        }
        // As BuildKit runs them (`run_scripts`): shell form, heredoc bodies,
        // `["sh", "-c", …]`, ONBUILD RUN.
        let ss: Vec<String> = df
            .instructions()
            .flat_map(|ins| run_scripts(&df, ins))
            .map(|rs| rs.text)
            .collect();
        for s in ss {
            n += 1;
            let script = parse_script(&s);
            script.walk(&mut |node: Node| {
                let sp = node.span();
                assert!(sp.start <= sp.end && sp.end <= s.len());
                assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
            });
            if !script.errors.is_empty() {
                bad.push((
                    f.file_name().unwrap().to_string_lossy().into_owned(),
                    s,
                    script.errors,
                ));
            }
        }
    }
    for (f, s, e) in &bad {
        let e0 = e[0];
        let at = &s[e0.span.start..e0.span.end.min(e0.span.start + 40)];
        let ctx_start = s[..e0.span.start]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |x| x.0);
        eprintln!(
            "{f}: {:?} at {at:?} in …{:?}",
            e0.kind,
            &s[ctx_start..e0.span.start]
        );
    }
    eprintln!("{n} scripts, {} with parse errors", bad.len());
    assert!(n > 1000, "{n}");
    // The only scripts with errors are PowerShell run through `/bin/sh` by
    // Windows images that set no SHELL (`RUN powershell …` or a Windows base).
    for (f, s, e) in &bad {
        let windows = ["windows", "nanoserver"].iter().any(|w| f.contains(w));
        assert!(
            windows || s.to_lowercase().contains("powershell"),
            "{f}: {e:?} in {s:?}"
        );
    }
    assert!(bad.len() <= 10, "{} of {n} scripts have errors", bad.len());
}
