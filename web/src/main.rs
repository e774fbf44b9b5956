//! Mounts the playground in the page (Trunk builds this binary for
//! `wasm32-unknown-unknown`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<layerlab_web::App>::new().render();

    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("layerlab-web runs in the browser: build and serve it with `scripts/serve`.");
}
