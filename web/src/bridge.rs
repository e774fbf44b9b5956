//! The bridge to the browser, the only module that calls it: the code editor
//! (web/editor/lazy.js: a plain textarea until `load_editor` brings
//! CodeMirror, web/editor/editor.js bundled into editor.bundle.js by
//! scripts/bundle-editor), local storage, window events and the clock;
//! `page` (the address, history, the root element, the clipboard),
//! `workers` and `host` (an embed's messages). On the host (tests) these are
//! inert stand-ins.

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    // The editor's handle is lazy.js's own object, whatever shows the text.
    #[wasm_bindgen(module = "/editor/lazy.js")]
    extern "C" {
        #[wasm_bindgen(js_name = createEditor)]
        pub fn create_editor(
            parent: &web_sys::Element,
            text: &str,
            on_change: &js_sys::Function,
        ) -> JsValue;
        #[wasm_bindgen(js_name = setText)]
        pub fn set_text(view: &JsValue, text: &str);
        #[wasm_bindgen(js_name = applyEdits)]
        pub fn apply_edits(view: &JsValue, edits: JsValue);
        #[wasm_bindgen(js_name = setDiagnosticsJson)]
        pub fn set_diagnostics_json(view: &JsValue, json: &str);
        #[wasm_bindgen(js_name = gotoLine)]
        pub fn goto_line(view: &JsValue, line: u32);
        #[wasm_bindgen(js_name = setLanguage)]
        pub fn set_language(view: &JsValue, lang: &str);
        #[wasm_bindgen(js_name = setReadOnly)]
        pub fn set_read_only(view: &JsValue, read_only: bool);
        #[wasm_bindgen(js_name = destroyEditor)]
        pub fn destroy_editor(view: &JsValue);
        #[wasm_bindgen(js_name = setAssist)]
        pub fn set_assist(view: &JsValue, complete: &js_sys::Function, hover: &js_sys::Function);
        /// Brings CodeMirror (after the next frame, once): every editor
        /// made so far, and every later one, becomes a CodeMirror view.
        /// Called when the first analysis is painted.
        #[wasm_bindgen(js_name = loadEditor)]
        pub fn load_editor();
    }

    /// Today's date on this computer, `YYYY-MM-DD` (for end-of-life checks).
    pub fn today() -> Option<String> {
        let d = js_sys::Date::new_0();
        Some(format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        ))
    }

    /// This page load's own mark: when its document started (ms since the
    /// epoch, with a fraction).
    pub fn page_nonce() -> String {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.time_origin().to_string())
            .unwrap_or_default()
    }

    /// Milliseconds, high resolution (in the page and in a worker). The
    /// `Performance` object is looked up once per thread: the lookup was 4%
    /// of a seed edit's time in the worker (BENCHMARKS.md, "where the page's
    /// time goes").
    pub fn now() -> f64 {
        thread_local! {
            static PERF: Option<web_sys::Performance> =
                js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
                    .ok()
                    .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
        }
        PERF.with(|p| p.as_ref().map_or(0.0, |p| p.now()))
    }

    pub fn storage_get(key: &str) -> Option<String> {
        web_sys::window()?
            .local_storage()
            .ok()??
            .get_item(key)
            .ok()?
    }

    pub fn storage_set(key: &str, value: &str) {
        storage_try_set(key, value);
    }

    /// Whether the value was stored (false: no storage, or it is full).
    pub fn storage_try_set(key: &str, value: &str) -> bool {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .is_some_and(|s| s.set_item(key, value).is_ok())
    }

    pub fn storage_remove(key: &str) {
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.remove_item(key);
        }
    }

    /// Fetches `url`, a JSON object of strings (`{"key": "text", …}`), and
    /// returns its entries; `None` if the request or the JSON fails.
    pub async fn fetch_string_map(url: &str) -> Option<Vec<(String, String)>> {
        use wasm_bindgen_futures::JsFuture;
        let resp = fetch_ok(url).await?;
        let obj = JsFuture::from(resp.json().ok()?).await.ok()?;
        let obj: &js_sys::Object = obj.dyn_ref()?;
        let entries = js_sys::Object::entries(obj)
            .iter()
            .filter_map(|e| {
                let pair: &js_sys::Array = e.dyn_ref()?;
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        Some(entries)
    }

    /// Fetches `url` as text; `None` if the request fails or is not 2xx.
    pub async fn fetch_text(url: &str) -> Option<String> {
        use wasm_bindgen_futures::JsFuture;
        let resp = fetch_ok(url).await?;
        JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
    }

    /// The response to a GET of `url`; `None` if the request fails or is not 2xx.
    async fn fetch_ok(url: &str) -> Option<web_sys::Response> {
        use wasm_bindgen_futures::JsFuture;
        let resp = JsFuture::from(web_sys::window()?.fetch_with_str(url))
            .await
            .ok()?;
        let resp: web_sys::Response = resp.dyn_into().ok()?;
        resp.ok().then_some(resp)
    }

    /// Records, for the benchmark, when the first analysis was painted
    /// (`__layerlabFirstPaint`, ms since navigation).
    pub fn record_first_paint() {
        let global = js_sys::global();
        let key = JsValue::from_str("__layerlabFirstPaint");
        if js_sys::Reflect::get(&global, &key).is_ok_and(|v| v.is_undefined()) {
            let _ = js_sys::Reflect::set(&global, &key, &now().into());
        }
    }

    /// Records, for the keystroke-to-panel benchmark (tests/e2e/bench.spec.ts),
    /// that the panels now show the analysis of a text of `len` bytes:
    /// `__layerlabShown` (on the global object) gets `[len, ms]`.
    pub fn record_shown(len: usize) {
        let global = js_sys::global();
        let key = JsValue::from_str("__layerlabShown");
        let log = js_sys::Reflect::get(&global, &key)
            .ok()
            .filter(|v| v.is_object())
            .map(|v| js_sys::Array::from(&v))
            .unwrap_or_default();
        if log.length() < 100_000 {
            log.push(&js_sys::Array::of2(&(len as f64).into(), &now().into()));
        }
        let _ = js_sys::Reflect::set(&global, &key, &log);
    }

    /// `[[from, to, insert], …]` for applyEdits.
    pub fn edits_value(edits: &[(usize, usize, String)]) -> JsValue {
        let arr = js_sys::Array::new();
        for (from, to, insert) in edits {
            let e = js_sys::Array::new();
            e.push(&JsValue::from_f64(*from as f64));
            e.push(&JsValue::from_f64(*to as f64));
            e.push(&JsValue::from_str(insert));
            arr.push(&e);
        }
        arr.into()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn now() -> f64 {
        0.0
    }
    /// Host tests use the analysis' fixed default date (reproducible results).
    pub fn today() -> Option<String> {
        None
    }
    pub fn storage_get(_key: &str) -> Option<String> {
        None
    }
    pub fn storage_set(_key: &str, _value: &str) {}
    pub fn storage_try_set(_key: &str, _value: &str) -> bool {
        false
    }
    pub fn storage_remove(_key: &str) {}
    pub fn record_shown(_len: usize) {}
    pub fn record_first_paint() {}
    pub fn page_nonce() -> String {
        String::new()
    }

    // The code editor: there is none on the host (the server-side render
    // draws its host element; its effects never run there).
    use wasm_bindgen::JsValue;
    pub fn create_editor(
        _parent: &web_sys::Element,
        _text: &str,
        _on_change: &js_sys::Function,
    ) -> JsValue {
        JsValue::NULL
    }
    pub fn set_text(_view: &JsValue, _text: &str) {}
    pub fn apply_edits(_view: &JsValue, _edits: JsValue) {}
    pub fn set_diagnostics_json(_view: &JsValue, _json: &str) {}
    pub fn goto_line(_view: &JsValue, _line: u32) {}
    pub fn set_language(_view: &JsValue, _lang: &str) {}
    pub fn set_read_only(_view: &JsValue, _read_only: bool) {}
    pub fn destroy_editor(_view: &JsValue) {}
    pub fn load_editor() {}
    pub fn set_assist(_view: &JsValue, _complete: &js_sys::Function, _hover: &js_sys::Function) {}
    pub fn edits_value(_edits: &[(usize, usize, String)]) -> JsValue {
        JsValue::NULL
    }
}

pub use imp::*;

mod page;
pub use page::*;

#[cfg(target_arch = "wasm32")]
pub mod files;
#[cfg(not(target_arch = "wasm32"))]
pub mod files {
    //! Host stand-ins: no files to read outside a browser.
    use crate::project::Project;

    pub struct Dropped;
    pub struct DropListeners;

    pub fn open_input(_: &web_sys::HtmlInputElement, _: impl FnOnce(Project) + 'static) {}

    pub fn open_drop(_: Dropped, _: impl FnOnce(Project) + 'static) {}

    pub fn listen_drops(
        _: &web_sys::Element,
        _: impl Fn(bool) + 'static,
        _: impl Fn(Dropped) + 'static,
    ) -> DropListeners {
        DropListeners
    }
}
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
mod workers;
#[cfg(target_arch = "wasm32")]
pub use workers::{
    in_worker, post_to_page, serve_requests, spawn_worker, timer, Timer, WorkerHandle,
    WorkerMessage,
};

thread_local! {
    static TIMES: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` after `ms` milliseconds.
#[cfg(target_arch = "wasm32")]
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let cb = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }
}

/// On the host: runs `f` at once.
#[cfg(not(target_arch = "wasm32"))]
pub fn after(_ms: i32, f: impl FnOnce() + 'static) {
    f();
}

/// Records how long one analysis took (read by the benchmark hook).
pub fn record_analysis_ms(ms: f64) {
    TIMES.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() < 100_000 {
            t.push(ms);
        }
    });
}

/// The analysis times recorded since the last call, in milliseconds.
pub fn take_analysis_times() -> Vec<f64> {
    TIMES.with(|t| std::mem::take(&mut *t.borrow_mut()))
}

/// A window event listener; dropping it stops listening.
pub struct Listener {
    #[cfg(target_arch = "wasm32")]
    inner: Option<(
        web_sys::Window,
        &'static str,
        wasm_bindgen::closure::Closure<dyn Fn()>,
    )>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let Some((w, event, c)) = self.inner.take() {
            use wasm_bindgen::JsCast;
            let _ = w.remove_event_listener_with_callback(event, c.as_ref().unchecked_ref());
        }
    }
}

/// Calls `f` on each `event` of the window (`hashchange`, `pagehide`); on
/// the host, never.
pub fn listen(event: &'static str, f: impl Fn() + 'static) -> Listener {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let inner = web_sys::window().map(|w| {
            let c = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
            let _ = w.add_event_listener_with_callback(event, c.as_ref().unchecked_ref());
            (w, event, c)
        });
        Listener { inner }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        drop((event, f));
        Listener {}
    }
}
