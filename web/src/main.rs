//! Mounts the playground in the page (Trunk builds this binary for
//! `wasm32-unknown-unknown`): the full page, or the compact embed when the
//! address has `?embed` (see docs/embedding.md). The same module runs the
//! analysis in a worker (static/analysis-worker.js): there it has no window
//! and serves the page's requests (worker.rs).

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // Two modules: the worker runs its own (worker_main.rs).
        #[cfg(not(feature = "two-modules"))]
        if layerlab_web::bridge::in_worker() {
            return layerlab_web::worker::start();
        }
        let search = layerlab_web::bridge::location_search();
        match layerlab_web::embed::EmbedParams::parse(&search) {
            Some(params) => {
                yew::Renderer::<layerlab_web::EmbedApp>::with_props(
                    layerlab_web::components::EmbedAppProps { params },
                )
                .render();
            }
            // The full page registers the service worker once its first
            // analysis is painted (offline.rs).
            None => {
                yew::Renderer::<layerlab_web::App>::new().render();
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("layerlab-web runs in the browser: build and serve it with `scripts/serve`.");
}

/// Debug hooks for the browser benchmarks (tests/e2e/bench.spec.ts), on
/// `window.wasmBindings` (Trunk sets it).
#[cfg(target_arch = "wasm32")]
mod hooks {
    use layerlab_web::analyst;
    use wasm_bindgen::prelude::*;

    /// The times (ms) of the analyses run since the last call: one per edit.
    #[wasm_bindgen(js_name = layerlabAnalysisTimes)]
    pub fn analysis_times() -> Vec<f64> {
        layerlab_web::bridge::take_analysis_times()
    }

    /// Makes the analysis worker crash on its next request, as an input that
    /// kills it would (tests/e2e/worker.spec.ts).
    #[wasm_bindgen(js_name = layerlabCrashNextAnalysis)]
    pub fn crash_next_analysis() {
        analyst::sabotage_next_request(analyst::Sabotage::Crash);
    }

    /// Makes the analysis worker's next request run forever, as an input
    /// that hangs it would (tests/e2e/worker.spec.ts: the watchdog).
    #[wasm_bindgen(js_name = layerlabHangNextAnalysis)]
    pub fn hang_next_analysis() {
        analyst::sabotage_next_request(analyst::Sabotage::Hang);
    }

    /// `[workers started, requests answered on the page's thread]`.
    #[wasm_bindgen(js_name = layerlabAnalystStats)]
    pub fn analyst_stats() -> Vec<u32> {
        let (started, here) = layerlab_web::analyst::stats();
        vec![started, here]
    }

    /// Analyses `text` `runs` times and returns each time in ms (on the
    /// page's thread: not in the two-module build, whose page has no analysis).
    #[cfg(not(feature = "two-modules"))]
    #[wasm_bindgen(js_name = layerlabBench)]
    pub fn bench(text: &str, runs: u32) -> Vec<f64> {
        (0..runs)
            .map(|_| {
                let t = layerlab_web::bridge::now();
                let s = layerlab_web::state::State::new(text);
                std::hint::black_box(&s);
                layerlab_web::bridge::now() - t
            })
            .collect()
    }
}
