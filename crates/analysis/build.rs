//! Generates the rule registry and the rules' documentation from
//! `src/rules/*.rs`: one file per rule, named after its id
//! (`pip_no_cache_dir.rs` is `pip-no-cache-dir`), whose `//!` doc comment is
//! the rule's user documentation in fixed sections. A rule file without the
//! sections fails the build with its name.

use std::fmt::Write as _;
use std::path::Path;

const SECTIONS: [&str; 5] = [
    "## What it does",
    "## Why it matters",
    "## Example",
    "## Use instead",
    "## References",
];

fn main() {
    // Read at run time: `env!` would bake in the directory the build script
    // was compiled in, and a target directory copied from another checkout
    // would then read that checkout's rules.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("src/rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("src/rules")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".rs") && n != "mod.rs" && !n.starts_with('_'))
        .map(|n| n.trim_end_matches(".rs").to_string())
        .collect();
    names.sort();
    let mut out = String::new();
    let mut problems = Vec::new();
    for n in &names {
        let path = dir.join(format!("{n}.rs"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("rule file");
        let doc = module_doc(&text);
        for s in SECTIONS {
            if !doc.contains(s) {
                problems.push(format!(
                    "src/rules/{n}.rs: its //! documentation has no `{s}` section"
                ));
            }
        }
        if !text.contains("pub(crate) const RULE") {
            problems.push(format!(
                "src/rules/{n}.rs: defines no `pub(crate) const RULE: &dyn Rule`"
            ));
        }
        writeln!(out, "#[path = {:?}]\nmod {n};", path.display().to_string()).unwrap();
    }
    if !problems.is_empty() {
        panic!("rule documentation is incomplete:\n{}", problems.join("\n"));
    }
    writeln!(
        out,
        "/// Every rule, sorted by id.\npub static RULES: &[&dyn Rule] = &["
    )
    .unwrap();
    for n in &names {
        writeln!(out, "    {n}::RULE,").unwrap();
    }
    // The ids alone, as data: the page's thread asks whether a rule exists
    // without reaching [`RULES`]' vtables (and with them every rule's code).
    writeln!(
        out,
        "];\n/// Every rule's id, sorted, as in [`RULES`].\npub static RULE_IDS: &[&str] = &["
    )
    .unwrap();
    for n in &names {
        writeln!(out, "    {:?},", n.replace('_', "-")).unwrap();
    }
    writeln!(out, "];\n/// Each rule's documentation (its file's `//!` comment), by id.\n#[cfg(feature = \"docs\")]\npub static DOCS: &[(&str, &str)] = &[").unwrap();
    // A digest of all the docs, so that the page's copy (web/rule-docs.json,
    // fetched lazily) is asked for by version and never read stale from a cache.
    let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
    for n in &names {
        let text = std::fs::read_to_string(dir.join(format!("{n}.rs"))).unwrap();
        let doc = module_doc(&text);
        writeln!(out, "    ({:?}, {:?}),", n.replace('_', "-"), doc.trim()).unwrap();
        for b in n.bytes().chain([0]).chain(doc.trim().bytes()).chain([0]) {
            digest = (digest ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// FNV-1a digest of [`DOCS`] (ids and texts), in hex: the version of\n/// web/rule-docs.json.\npub const DOCS_VERSION: &str = \"{digest:016x}\";"
    )
    .unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rules_registry.rs");
    std::fs::write(dest, out).unwrap();
}

/// A file's leading `//!` comment, without the comment markers.
fn module_doc(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.strip_prefix("//! ")
                .or_else(|| l.strip_prefix("//!"))
                .unwrap_or("")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
