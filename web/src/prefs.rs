//! The full page's remembered preferences: the editor mode, the theme and
//! the language, each read from local storage once and written on change,
//! and shown on the root element (`data-theme`, `lang`). The embed reads
//! none of them from storage and writes none (it shows `lang` the same way).

use yew::prelude::*;

use crate::bridge;
use crate::i18n::{initial_lang, Lang, LANG_KEY};

const MODE_KEY: &str = "layerlab.editor";
const THEME_KEY: &str = "layerlab.theme";

/// A preference remembered under `key`: its value, starting with `init()`,
/// and a callback that stores `encode(value)` and sets it.
#[hook]
pub fn use_stored_pref<T, F>(
    key: &'static str,
    init: F,
    encode: fn(&T) -> String,
) -> (UseStateHandle<T>, Callback<T>)
where
    T: 'static,
    F: FnOnce() -> T,
{
    let value = use_state(init);
    let set = {
        let value = value.clone();
        Callback::from(move |v: T| {
            bridge::storage_set(key, &encode(&v));
            value.set(v);
        })
    };
    (value, set)
}

/// Whether the plain text editor is shown (else CodeMirror), and the switch.
#[hook]
pub fn use_editor_mode() -> (bool, Callback<()>) {
    let (plain, set) = use_stored_pref(
        MODE_KEY,
        || bridge::storage_get(MODE_KEY).as_deref() == Some("text"),
        |&p| if p { "text" } else { "code" }.to_string(),
    );
    let now = *plain;
    (now, Callback::from(move |_| set.emit(!now)))
}

/// The theme (`system`, `light`, `dark`), set on the root as `data-theme`.
#[hook]
pub fn use_theme() -> (String, Callback<String>) {
    let (theme, set) = use_stored_pref(
        THEME_KEY,
        || bridge::storage_get(THEME_KEY).unwrap_or_else(|| "system".into()),
        String::clone,
    );
    use_effect_with((*theme).clone(), |t| {
        let t = (t == "light" || t == "dark").then_some(t.as_str());
        bridge::set_root_attr("data-theme", t);
    });
    ((*theme).clone(), set)
}

/// The interface's language (`?lang=`, else remembered, else the browser's).
#[hook]
pub fn use_language() -> (Lang, Callback<Lang>) {
    let (lang, set) = use_stored_pref(LANG_KEY, initial_lang, |l| l.code().to_string());
    use_lang_attr(*lang);
    (*lang, set)
}

/// Shows the language on the root element (`<html lang>`).
#[hook]
pub fn use_lang_attr(lang: Lang) {
    use_effect_with(lang, |l| bridge::set_root_attr("lang", Some(l.code())));
}
