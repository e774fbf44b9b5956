//! An embed's browser side (see `embed.rs`, docs/embedding.md): messages to
//! and from the host page, and the height observer. Wasm only; anything
//! malformed a host sends is ignored, never unwrapped.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::embed::{accepts, Theme, MAX_TEXT};

/// A command from the host page.
pub enum Command {
    SetText(String),
    GetReport(JsValue),
    GetText(JsValue),
    SetTheme(Theme),
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    if !obj.is_object() {
        return None;
    }
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).ok()
}

/// A request id: a string (≤ 200 characters) or a finite number.
fn id_of(data: &JsValue) -> Option<JsValue> {
    let id = get(data, "id")?;
    match (id.as_string(), id.as_f64()) {
        (Some(s), _) if s.chars().count() <= 200 => Some(id),
        (None, Some(n)) if n.is_finite() => Some(id),
        _ => None,
    }
}

/// Reads a command; `None` for anything malformed.
pub fn parse_command(data: &JsValue) -> Option<Command> {
    let kind = get(data, "type")?.as_string()?;
    match kind.as_str() {
        "layerlab:set-text" => {
            let text = get(data, "text")?.as_string()?;
            (text.len() <= MAX_TEXT).then_some(Command::SetText(text))
        }
        "layerlab:get-report" => Some(Command::GetReport(id_of(data)?)),
        "layerlab:get-text" => Some(Command::GetText(id_of(data)?)),
        "layerlab:set-theme" => Some(Command::SetTheme(Theme::from_name(
            &get(data, "theme")?.as_string()?,
        )?)),
        _ => None,
    }
}

/// Whether the page is inside a frame.
pub fn framed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.parent() {
        Ok(Some(p)) => !JsValue::from(p).loose_eq(&JsValue::from(w)),
        _ => false,
    }
}

/// Posts `msg` to the parent window (nothing when not framed).
pub fn post_to_parent(msg: &JsValue, target_origin: &str) {
    if !framed() {
        return;
    }
    if let Some(p) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
        let _ = p.post_message(msg, target_origin);
    }
}

/// `{type, …fields}` as a plain object.
pub fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// Listens for commands from the parent window; `f` gets each accepted
/// command and the origin to answer to. Dropping the value stops listening.
pub struct Listener(Closure<dyn Fn(web_sys::MessageEvent)>);

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ =
                w.remove_event_listener_with_callback("message", self.0.as_ref().unchecked_ref());
        }
    }
}

pub fn listen(allowed: Option<String>, f: impl Fn(Command, String) + 'static) -> Listener {
    let c = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let Some(w) = web_sys::window() else {
            return;
        };
        let parent: JsValue = match w.parent() {
            Ok(Some(p)) => p.into(),
            _ => return,
        };
        let from_parent = framed()
            && e.source()
                .map(|s| JsValue::from(s).loose_eq(&parent))
                .unwrap_or(false);
        let origin = e.origin();
        if !accepts(from_parent, &origin, allowed.as_deref()) {
            return;
        }
        if let Some(cmd) = parse_command(&e.data()) {
            // An opaque origin ("null": a sandboxed or file: page) can
            // only be answered with "*"; the window is still the parent.
            let reply_to = if origin == "null" || origin.is_empty() {
                "*".to_string()
            } else {
                origin
            };
            f(cmd, reply_to);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("message", c.as_ref().unchecked_ref());
    }
    Listener(c)
}

/// Calls `f` with the element's height whenever it changes. Dropping the
/// value disconnects the observer.
pub struct HeightObserver(
    Option<web_sys::ResizeObserver>,
    #[allow(dead_code)] Closure<dyn Fn()>,
);

impl Drop for HeightObserver {
    fn drop(&mut self) {
        if let Some(o) = &self.0 {
            o.disconnect();
        }
    }
}

pub fn observe_height(el: web_sys::HtmlElement, f: impl Fn(i32) + 'static) -> HeightObserver {
    let last = std::cell::Cell::new(-1);
    let target = el.clone();
    let c = Closure::<dyn Fn()>::new(move || {
        let h = target.offset_height();
        if h != last.get() {
            last.set(h);
            f(h);
        }
    });
    let observer = web_sys::ResizeObserver::new(c.as_ref().unchecked_ref()).ok();
    if let Some(o) = &observer {
        o.observe(&el);
    }
    HeightObserver(observer, c)
}

/// `json` as a JavaScript value (`null` if it does not parse).
pub fn parse_json(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or(JsValue::NULL)
}
