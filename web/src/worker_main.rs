//! The analysis worker's own module, in the two-module build (feature
//! `two-modules`, scripts/worker-module): static/analysis-worker.js loads it
//! and its `main` serves the page's requests (worker.rs). Only what `start`
//! reaches is linked: the analysis and the catalogue, not the page's Yew UI.

fn main() {
    #[cfg(target_arch = "wasm32")]
    layerlab_web::worker::start();
}
