//! docs/rules.md must be what the rules' doc comments generate.
//! Regenerate with `LAYERLAB_UPDATE_DOCS=1 cargo test -p layerlab-analysis --test rules_doc`
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
