//! The page's address (location and history), its root element, the
//! clipboard, a textarea's caret and the service worker. On the host (tests)
//! these are inert: no address, nothing written.

use web_sys::HtmlTextAreaElement;

/// The parts of the page's address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// `https://example.org`
    pub origin: String,
    /// `/layerlab/index.html`
    pub path: String,
    /// `?lang=ru` (empty without a query)
    pub search: String,
    /// `#v1.…` (empty without a fragment)
    pub hash: String,
}

/// The page's address; `None` on the host or when it cannot be read.
pub fn address() -> Option<Address> {
    imp::address()
}

/// The address' fragment (`#…`; empty on the host).
pub fn location_hash() -> String {
    imp::location_hash()
}

/// The address' query (`?…`; empty on the host).
pub fn location_search() -> String {
    imp::location_search()
}

/// The browser's preferred languages (`navigator.languages`; none on the host).
pub fn browser_languages() -> Vec<String> {
    imp::browser_languages()
}

/// Replaces the address bar's URL without a new history entry
/// (`history.replaceState`).
pub fn replace_address(url: &str) {
    imp::replace_address(url)
}

/// Sets (`Some`) or removes (`None`) an attribute of the root `<html>` element.
pub fn set_root_attr(name: &str, value: Option<&str>) {
    imp::set_root_attr(name, value)
}

/// Adds a class to the root `<html>` element.
pub fn add_root_class(name: &str) {
    imp::add_root_class(name)
}

/// Writes `text` to the clipboard (failures are ignored).
pub fn copy_text(text: &str) {
    imp::copy_text(text)
}

/// Registers the service worker at `url` when the browser has service
/// workers; failures (a `file:` page, a private window, no HTTPS) are ignored.
pub fn register_service_worker(url: &str) {
    imp::register_service_worker(url)
}

/// Sets an attribute of an element (a panel's `<details open>`).
pub fn set_attr(el: &web_sys::Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Clicks an element (a hidden file input, from its visible button).
pub fn click(el: &web_sys::HtmlElement) {
    el.click();
}

/// Moves the focus to an element.
pub fn focus(el: &web_sys::HtmlElement) {
    let _ = el.focus();
}

/// Puts the caret of a textarea at `at` (UTF-16 units, the start of `line`)
/// without scrolling the page, and scrolls its pane (the textarea's
/// grandparent) so that `line` is in the middle.
pub fn caret_to_line(ta: &HtmlTextAreaElement, at: u32, line: u32) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = ta.focus_with_options(&options);
    let _ = ta.set_selection_range(at, at);
    let line_height = 21.0;
    if let Some(pane) = ta.parent_element().and_then(|p| p.parent_element()) {
        let top = (line as f64 - 1.0) * line_height - pane.client_height() as f64 / 2.0;
        pane.set_scroll_top(top.max(0.0) as i32);
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::Address;
    use wasm_bindgen::JsValue;

    pub fn address() -> Option<Address> {
        let l = web_sys::window()?.location();
        Some(Address {
            origin: l.origin().ok()?,
            path: l.pathname().ok()?,
            search: l.search().ok()?,
            hash: l.hash().ok()?,
        })
    }

    pub fn location_hash() -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }

    pub fn location_search() -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }

    pub fn browser_languages() -> Vec<String> {
        web_sys::window()
            .map(|w| {
                w.navigator()
                    .languages()
                    .iter()
                    .filter_map(|v| v.as_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn replace_address(url: &str) {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(url));
        }
    }

    fn root() -> Option<web_sys::Element> {
        web_sys::window()?.document()?.document_element()
    }

    pub fn set_root_attr(name: &str, value: Option<&str>) {
        if let Some(root) = root() {
            let _ = match value {
                Some(v) => root.set_attribute(name, v),
                None => root.remove_attribute(name),
            };
        }
    }

    pub fn add_root_class(name: &str) {
        if let Some(root) = root() {
            let _ = root.class_list().add_1(name);
        }
    }

    pub fn copy_text(text: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(text);
        }
    }

    pub fn register_service_worker(url: &str) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
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
        if let Ok(p) = register.call1(&container, &url.into()) {
            if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                // Registered once per page load: leaking this closure is fine.
                let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                let _ = p.catch(&ignore);
                ignore.forget();
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::Address;

    pub fn address() -> Option<Address> {
        None
    }
    pub fn location_hash() -> String {
        String::new()
    }
    pub fn location_search() -> String {
        String::new()
    }
    pub fn browser_languages() -> Vec<String> {
        Vec::new()
    }
    pub fn replace_address(_url: &str) {}
    pub fn set_root_attr(_name: &str, _value: Option<&str>) {}
    pub fn add_root_class(_name: &str) {}
    pub fn copy_text(_text: &str) {}
    pub fn register_service_worker(_url: &str) {}
}
