//! Dedicated workers, as the analyst (`analyst.rs`) and the worker's side
//! (`worker.rs`) need them: start one, post text, hear back, stop it; and
//! timers that can be cancelled (the watchdog). Messages are bytes (encoded
//! requests and replies, their buffers transferred, not copied); the one
//! text message is the worker loader's, when it could not start the module.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The script that loads this module in a worker (static/analysis-worker.js,
/// copied beside the module by Trunk).
const WORKER_SCRIPT: &str = "analysis-worker.js";

/// A message from a worker.
pub enum WorkerMessage {
    /// An encoded reply (`worker::to_wire`).
    Bytes(Vec<u8>),
    /// Text: static/analysis-worker.js could not start the module.
    Text(String),
}

/// A running worker; dropping it terminates the worker.
pub struct WorkerHandle {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl WorkerHandle {
    /// Posts one message.
    pub fn post(&self, message: &[u8]) -> bool {
        let (array, transfer) = transferable(message);
        self.worker
            .post_message_with_transfer(&array, &transfer)
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

/// The URLs of the worker's module: its JavaScript glue and its
/// WebAssembly. Two-module build: the worker's own module, named by
/// `<meta name="layerlab-worker">` (scripts/worker-module writes it, and a
/// preload link for its WebAssembly).
#[cfg(feature = "two-modules")]
fn module_urls() -> Option<(String, String)> {
    let doc = web_sys::window()?.document()?;
    let name = doc
        .query_selector(r#"meta[name="layerlab-worker"]"#)
        .ok()??
        .get_attribute("content")?;
    let base = doc.base_uri().ok()??;
    let url = |file: String| Some(web_sys::Url::new_with_base(&file, &base).ok()?.href());
    Some((url(format!("{name}.js"))?, url(format!("{name}_bg.wasm"))?))
}

/// The worker's module, compiled here once (its download began with the
/// page's preload link): every worker started is given it.
#[cfg(feature = "two-modules")]
fn worker_module(wasm: &str) -> Option<js_sys::Promise> {
    thread_local! {
        static COMPILED: std::cell::OnceCell<Option<js_sys::Promise>> = const { std::cell::OnceCell::new() };
    }
    COMPILED.with(|c| {
        c.get_or_init(|| {
            let response = web_sys::window()?.fetch_with_str(wasm);
            Some(js_sys::WebAssembly::compile_streaming(&response))
        })
        .clone()
    })
}

/// The URLs of this page's module: its JavaScript glue and its WebAssembly,
/// from the preload links Trunk writes into the page.
#[cfg(not(feature = "two-modules"))]
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

/// Starts this page's module in a worker. `on_message` gets each message; `on_error` is called when the worker dies (an uncaught error, a
/// crash, a script that does not load). None when no worker can start here.
pub fn spawn_worker(
    on_message: impl FnMut(WorkerMessage) + 'static,
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
            let data = e.data();
            if let Some(text) = data.as_string() {
                on_message(WorkerMessage::Text(text));
            } else if let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() {
                on_message(WorkerMessage::Bytes(bytes.to_vec()));
            }
        });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        on_error();
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"js".into(), &js.into()).ok()?;
    js_sys::Reflect::set(&init, &"wasm".into(), &(&wasm).into()).ok()?;
    // The module already compiled here goes along: the worker instantiates
    // it without fetching or compiling it again.
    #[cfg(not(feature = "two-modules"))]
    {
        js_sys::Reflect::set(&init, &"module".into(), &wasm_bindgen::module()).ok()?;
        worker.post_message(&init).ok()?;
    }
    // Two modules: the worker's, once compiled here (or, if that failed,
    // the worker fetches it from its URL).
    #[cfg(feature = "two-modules")]
    {
        let compiled = worker_module(&wasm)?;
        let target = worker.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(module) = wasm_bindgen_futures::JsFuture::from(compiled).await {
                let _ = js_sys::Reflect::set(&init, &"module".into(), &module);
            }
            let _ = target.post_message(&init);
        });
    }
    Some(WorkerHandle {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// In a worker: answer every message from the page with `handle`'s bytes.
pub fn serve_requests(mut handle: impl FnMut(&[u8]) -> Vec<u8> + 'static) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(bytes) = e.data().dyn_ref::<js_sys::Uint8Array>() {
                post_bytes(&reply_to, &handle(&bytes.to_vec()));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Served for the worker's whole life.
    on_message.forget();
}

/// In a worker: posts one message to the page.
pub fn post_to_page(message: &[u8]) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    post_bytes(&scope, message);
}

/// Posts `bytes` as a Uint8Array whose buffer is transferred, not copied.
fn post_bytes(scope: &web_sys::DedicatedWorkerGlobalScope, bytes: &[u8]) {
    let (array, transfer) = transferable(bytes);
    let _ = scope.post_message_with_transfer(&array, &transfer);
}

/// A copy of `bytes` in JavaScript, and the list that transfers its buffer.
fn transferable(bytes: &[u8]) -> (js_sys::Uint8Array, js_sys::Array) {
    let array = js_sys::Uint8Array::from(bytes);
    let transfer = js_sys::Array::of1(&array.buffer());
    (array, transfer)
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
