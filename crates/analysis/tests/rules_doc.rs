//! docs/rules.md and web/rule-docs.json (the page's copy of the docs, fetched
//! on its first "Why?") must be what the rules' doc comments generate.
//! Regenerate both with `LAYERLAB_UPDATE_DOCS=1 cargo test -p layerlab-analysis --test rules_doc`
//! (or `layerlab rules --format markdown > docs/rules.md`).

#[test]
fn rules_reference_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let want = layerlab_analysis::rules::markdown_reference();
    if std::env::var_os("LAYERLAB_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is out of date; run LAYERLAB_UPDATE_DOCS=1 cargo test -p layerlab-analysis --test rules_doc"
    );
}

#[test]
fn page_rule_docs_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/rule-docs.json");
    let want = layerlab_analysis::rules::docs_json();
    if std::env::var_os("LAYERLAB_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "web/rule-docs.json is out of date; run LAYERLAB_UPDATE_DOCS=1 cargo test -p layerlab-analysis --test rules_doc"
    );
    // It is valid JSON with every rule.
    let v: serde_json::Value = serde_json::from_str(&have).unwrap();
    assert_eq!(
        v.as_object().unwrap().len(),
        layerlab_analysis::rules::RULES.len()
    );
}
