//! The report hosts get (`layerlab:get-report`), as JSON (serde_json).

use layerlab_analysis::{Finding, ImageReport, LayerReport, StageReport};
use layerlab_syntax::Severity;
use serde::Serialize;

/// The report hosts get (`layerlab:get-report`): the fields of
/// `layerlab check --format json` for one file except `file`, `suppressed`
/// and `below_threshold`, plus the counts per severity.
#[derive(Serialize)]
pub struct HostReport<'a> {
    pub findings: &'a [Finding],
    pub stages: &'a [StageReport],
    pub layers: &'a [LayerReport],
    pub image: &'a Option<ImageReport>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

pub fn report_json(state: &crate::state::State) -> String {
    let r = HostReport {
        findings: &state.findings,
        stages: &state.stages,
        layers: &state.layers,
        image: &state.image,
        errors: state.count(Severity::Error),
        warnings: state.count(Severity::Warning),
        infos: state.count(Severity::Info),
    };
    serde_json::to_string(&r).unwrap_or_else(|_| "null".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_has_the_cli_fields() {
        let s = crate::state::State::new("FROM python:3.12-slim-buster\nRUN apk add curl\n");
        let v: serde_json::Value = serde_json::from_str(&report_json(&s)).unwrap();
        for k in [
            "findings", "stages", "layers", "image", "errors", "warnings", "infos",
        ] {
            assert!(v.get(k).is_some(), "{k} missing");
        }
        assert!(!v["findings"].as_array().unwrap().is_empty());
        assert!(v["errors"].as_u64().unwrap() >= 1);
    }
}
