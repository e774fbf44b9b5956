//! Offline use: registers the service worker (static/sw.js, copied to the
//! site's root by Trunk) so that the page opens without a network after the
//! first visit. See docs/deploy.md for how its cache is versioned.
//!
//! `sw.js` is registered relative to the page, so its scope is the site's
//! directory, also under a sub-path (`--public-url /layerlab/`). Only the full
//! page registers it (embeds do not install a worker in their readers'
//! browsers), and only release builds: debug builds (`trunk serve
//! --no-release`) never cache anything.

/// Registers `sw.js` when the browser has service workers; failures (a
/// `file:` page, a private window, no HTTPS) are ignored: the page works the
/// same online.
pub fn register() {
    #[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::{JsCast, JsValue};
        let Some(w) = web_sys::window() else {
            return;
        };
        let navigator: JsValue = w.navigator().into();
        let Ok(container) = js_sys::Reflect::get(&navigator, &"serviceWorker".into()) else {
            return;
        };
        if container.is_undefined() || container.is_null() {
            return;
        }
        let Ok(register) = js_sys::Reflect::get(&container, &"register".into()) else {
            return;
        };
        let Ok(register) = register.dyn_into::<js_sys::Function>() else {
            return;
        };
        if let Ok(p) = register.call1(&container, &"sw.js".into()) {
            if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                // Registered once per page load: leaking this closure is fine.
                let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                let _ = p.catch(&ignore);
                ignore.forget();
            }
        }
    }
}
