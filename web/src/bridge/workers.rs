//! Dedicated workers, as the analyst (`analyst.rs`) and the worker's side
//! (`worker.rs`) need them: start one, post text, hear back, stop it; and
//! timers that can be cancelled (the watchdog). Messages are JSON text.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The script that loads this module in a worker (static/analysis-worker.js,
/// copied beside the module by Trunk).
const WORKER_SCRIPT: &str = "analysis-worker.js";

/// A running worker; dropping it terminates the worker.
pub struct WorkerHandle {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl WorkerHandle {
    /// Posts one message (text).
    pub fn post(&self, message: &str) -> bool {
        self.worker
            .post_message(&JsValue::from_str(message))
            .is_ok()
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The URLs of this page's module: its JavaScript glue and its WebAssembly,
/// from the preload links Trunk writes into the page.
fn module_urls() -> Option<(String, String)> {
    let doc = web_sys::window()?.document()?;
    let href = |selector: &str| -> Option<String> {
        let el = doc.query_selector(selector).ok()??;
        Some(el.dyn_into::<web_sys::HtmlLinkElement>().ok()?.href())
    };
    let js = href(r#"link[rel="modulepreload"][href*="layerlab-web"]:not([href*="/snippets/"])"#)?;
    let wasm = href(r#"link[rel="preload"][type="application/wasm"]"#)?;
    Some((js, wasm))
}

/// Starts this page's module in a worker. `on_message` gets each message's
/// text; `on_error` is called when the worker dies (an uncaught error, a
/// crash, a script that does not load). None when no worker can start here.
pub fn spawn_worker(
    on_message: impl FnMut(String) + 'static,
    mut on_error: impl FnMut() + 'static,
) -> Option<WorkerHandle> {
    let (js, wasm) = module_urls()?;
    let script = web_sys::Url::new_with_base(WORKER_SCRIPT, &js).ok()?.href();
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&script, &options).ok()?;
    let mut on_message = on_message;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(text) = e.data().as_string() {
                on_message(text);
            }
        });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        on_error();
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The module already compiled here goes along: the worker instantiates
    // it without fetching or compiling it again.
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"js".into(), &js.into()).ok()?;
    js_sys::Reflect::set(&init, &"wasm".into(), &wasm.into()).ok()?;
    js_sys::Reflect::set(&init, &"module".into(), &wasm_bindgen::module()).ok()?;
    worker.post_message(&init).ok()?;
    Some(WorkerHandle {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// In a worker: answer every message from the page with `handle`'s text.
pub fn serve_requests(mut handle: impl FnMut(String) -> String + 'static) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(text) = e.data().as_string() {
                let reply = handle(text);
                let _ = reply_to.post_message(&JsValue::from_str(&reply));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Served for the worker's whole life.
    on_message.forget();
}

/// In a worker: posts one message to the page.
pub fn post_to_page(message: &str) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&JsValue::from_str(message));
}

/// Whether this code runs in a worker (no window).
pub fn in_worker() -> bool {
    web_sys::window().is_none()
}

/// A pending timer; dropping it cancels it.
pub struct Timer {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}

/// Calls `f` after `ms` milliseconds unless the returned timer is dropped first.
pub fn timer(ms: i32, f: impl FnOnce() + 'static) -> Option<Timer> {
    let mut f = Some(f);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = f.take() {
            f();
        }
    });
    let id = web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            ms,
        )
        .ok()?;
    Some(Timer {
        id,
        _callback: callback,
    })
}
