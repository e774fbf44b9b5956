//! Mounts the playground in the page (Trunk builds this binary for
//! `wasm32-unknown-unknown`): the full page, or the compact embed when the
//! address has `?embed` (see docs/embedding.md).

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        match layerlab_web::embed::EmbedParams::parse(&search) {
            Some(params) => {
                yew::Renderer::<layerlab_web::EmbedApp>::with_props(
                    layerlab_web::components::EmbedAppProps { params },
                )
                .render();
            }
            None => {
                layerlab_web::offline::register();
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
    use wasm_bindgen::prelude::*;

    /// The times (ms) of the analyses run since the last call: one per edit.
    #[wasm_bindgen(js_name = layerlabAnalysisTimes)]
    pub fn analysis_times() -> Vec<f64> {
        layerlab_web::bridge::take_analysis_times()
    }

    /// Analyses `text` `runs` times and returns each time in ms.
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
