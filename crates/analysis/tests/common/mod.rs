//! Shared helpers: locating the shared folder, loading seed contexts,
//! rendering a simulation compactly for snapshots.
#![allow(dead_code)]

use layerlab_analysis::sim::size::human;
use layerlab_analysis::{analyze, Analysis, BuildContext, Options, SimOptions};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub fn shared_dir() -> PathBuf {
    if let Ok(p) = std::env::var("LAYERLAB_SHARED") {
        let p = PathBuf::from(p);
        assert!(
            p.join("corpus").is_dir(),
            "LAYERLAB_SHARED={} has no corpus/",
            p.display()
        );
        return p;
    }
    let mut dir: Option<&Path> = Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        if d.join("shared/corpus").is_dir() {
            return d.join("shared");
        }
        dir = d.parent();
    }
    panic!("cannot find the repository's shared/ folder (corpus and seeds): set LAYERLAB_SHARED")
}

pub fn read(path: &Path) -> String {
    let b = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&b).into_owned()
}

/// A directory as a build context (every file's text is kept).
pub fn context_from_dir(dir: &Path) -> BuildContext {
    let mut ctx = BuildContext::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                ctx.add_text(&rel, &read(&p));
            }
        }
    }
    ctx
}

pub fn options(ctx: Option<BuildContext>) -> Options {
    Options {
        sim: SimOptions {
            today: "2026-11-23".into(),
            ..SimOptions::default()
        },
        context: ctx,
    }
}

pub fn run(text: &str, ctx: Option<BuildContext>) -> Analysis {
    analyze(text, &options(ctx))
}

fn size(v: u64, lo: u64, hi: u64, complete: bool) -> String {
    let mut s = if !complete && hi == 0 {
        "unknown".to_string()
    } else {
        human(v)
    };
    if lo != hi {
        write!(s, " [{}..{}]", human(lo), human(hi)).unwrap();
    }
    if !complete && hi > 0 {
        s.push_str(" +unknown");
    }
    s
}

/// Stages, edges, layers and sizes as text.
pub fn render(a: &Analysis) -> String {
    let r = &a.report;
    let sim = &a.simulation;
    let mut s = String::new();
    for st in &r.stages {
        writeln!(
            s,
            "stage {} {:?} line {} base {} ({}){}",
            st.index,
            st.name.as_deref().unwrap_or("-"),
            st.line,
            st.base,
            st.base_kind.as_str(),
            if st.reachable { "" } else { " [not needed]" }
        )
        .unwrap();
        if let Some(img) = &st.image {
            writeln!(
                s,
                "  image: status={} canonical={:?} distro={:?} {:?} libc={:?} pm={:?} runtime={:?} {:?}",
                img.status, img.canonical_tag, img.distro, img.distro_version, img.libc, img.package_manager, img.runtime, img.runtime_version
            )
            .unwrap();
        }
        if st.base_size_known {
            writeln!(s, "  base size: {}", human(st.base_size_bytes)).unwrap();
        } else {
            writeln!(s, "  base size: unknown").unwrap();
        }
        for l in r.layers.iter().filter(|l| l.stage == st.index) {
            writeln!(
                s,
                "  L{} {} = {}",
                l.line,
                l.instruction,
                size(
                    l.size_bytes,
                    l.size_low_bytes,
                    l.size_high_bytes,
                    l.size_complete
                )
            )
            .unwrap();
        }
        writeln!(
            s,
            "  total: {}",
            size(
                st.size_bytes,
                st.size_low_bytes,
                st.size_high_bytes,
                st.size_complete
            )
        )
        .unwrap();
    }
    for e in &sim.edges {
        writeln!(
            s,
            "edge {:?} -> {} ({:?}, line {})",
            e.from, e.to, e.kind, e.line
        )
        .unwrap();
    }
    if let Some(img) = &r.image {
        writeln!(
            s,
            "image: stage {} {} (download ~{}), base {}",
            img.stage,
            size(
                img.size_bytes,
                img.size_low_bytes,
                img.size_high_bytes,
                img.size_complete
            ),
            human(img.compressed_size_bytes),
            human(img.base_size_bytes)
        )
        .unwrap();
        for l in &img.leftovers {
            writeln!(
                s,
                "  leftover {:?} {} line {}: {}",
                l.kind,
                l.path,
                l.line,
                size(
                    l.size_bytes,
                    l.size_low_bytes,
                    l.size_high_bytes,
                    l.size_complete
                )
            )
            .unwrap();
        }
    }
    for f in &r.findings {
        writeln!(
            s,
            "finding {}:{} {} {}",
            f.line, f.column, f.rule, f.message
        )
        .unwrap();
    }
    s
}

/// The Dockerfile blocks of one section (`Example`, `Use instead`) of a
/// rule's documentation, each as a file's text.
pub fn doc_blocks(id: &str, section: &str) -> Vec<String> {
    let doc = layerlab_analysis::rules::docs(id).unwrap_or_else(|| panic!("{id}: no docs"));
    let head = format!("## {section}\n");
    let Some(start) = doc.find(&head) else {
        return Vec::new();
    };
    let body = &doc[start + head.len()..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.split("```dockerfile\n")
        .skip(1)
        .map(|b| b[..b.find("```").unwrap_or(b.len())].to_string())
        .collect()
}

/// (line, column) of every finding of `rule` on `text` (no context).
pub fn rule_positions(text: &str, rule: &str) -> Vec<(u32, u32)> {
    run(text, None)
        .report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.line, f.column))
        .collect()
}
