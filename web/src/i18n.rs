//! The interface's languages: English, Russian and Chinese.
//!
//! Every string a person reads is written where it is used, in all three
//! languages at once, with [`tr!`] (a `&'static str`) or [`trf!`] (a
//! `String`, `format!` syntax with captured identifiers):
//!
//! ```ignore
//! let lang = use_lang();
//! html! { <h2>{ tr!(lang, "Findings", "Замечания", "问题") }</h2> }
//! let label = trf!(lang, "{n} files", "файлов: {n}", "{n} 个文件");
//! ```
//!
//! A missing translation is therefore a compile error, not a blank on the
//! page. Rule messages and rule documentation come from the analysis crate
//! and stay in English (their ids are stable keys for a later translation).
//!
//! The language is chosen from the browser's languages on the first visit;
//! the switch in the header overrides it and is remembered ([`LANG_KEY`]).
//! Components read it from a Yew context with [`use_lang`].

use yew::prelude::*;

/// Local-storage key of the chosen language.
pub const LANG_KEY: &str = "layerlab.lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ru,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Zh];

    /// The BCP 47 tag (`<html lang>`, storage, `?lang=`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Zh => "zh",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Zh => "中文",
        }
    }

    /// Reads a tag: `ru`, `ru-RU`, `zh-Hans-CN`, `EN-gb`, …; `None` for
    /// languages the page does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The first of the browser's preferred languages the page speaks, else English.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or_default()
    }

    /// Russian plural forms: `one` (1, 21, 101…), `few` (2–4, 22–24…), `many`.
    pub fn ru_plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
        let (d, dd) = (n % 10, n % 100);
        if d == 1 && dd != 11 {
            one
        } else if (2..=4).contains(&d) && !(12..=14).contains(&dd) {
            few
        } else {
            many
        }
    }
}

/// The page's language (English outside a provider, e.g. in host tests).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The language to start with: `?lang=`, else the remembered choice, else the
/// browser's preferences.
pub fn initial_lang() -> Lang {
    #[cfg(target_arch = "wasm32")]
    {
        let from_query = crate::bridge::location_search()
            .trim_start_matches('?')
            .split('&')
            .find_map(|kv| kv.strip_prefix("lang=").and_then(Lang::from_tag));
        if let Some(l) = from_query {
            return l;
        }
        if let Some(l) = crate::bridge::storage_get(LANG_KEY).and_then(|s| Lang::from_tag(&s)) {
            return l;
        }
        let prefs = crate::bridge::browser_languages();
        Lang::from_preferences(prefs.iter().map(String::as_str))
    }
    #[cfg(not(target_arch = "wasm32"))]
    Lang::En
}

/// One string in three languages: `tr!(lang, "en", "ru", "zh")` → `&'static str`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $en:expr, $ru:expr, $zh:expr $(,)?) => {
        match $lang {
            $crate::i18n::Lang::En => $en,
            $crate::i18n::Lang::Ru => $ru,
            $crate::i18n::Lang::Zh => $zh,
        }
    };
}

/// A formatted string in three languages (`format!` syntax, identifiers
/// captured from the scope): `trf!(lang, "{n} files", "файлов: {n}", "{n} 个文件")`.
#[macro_export]
macro_rules! trf {
    ($lang:expr, $en:literal, $ru:literal, $zh:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::En => format!($en),
            $crate::i18n::Lang::Ru => format!($ru),
            $crate::i18n::Lang::Zh => format!($zh),
        }
    };
}

/// The severity as shown on a finding (`data-severity` keeps the English id).
pub fn severity_label(l: Lang, severity: layerlab_syntax::Severity) -> &'static str {
    match severity {
        layerlab_syntax::Severity::Error => tr!(l, "error", "ошибка", "错误"),
        layerlab_syntax::Severity::Warning => tr!(l, "warning", "предупреждение", "警告"),
        layerlab_syntax::Severity::Info => tr!(l, "note", "совет", "建议"),
    }
}

/// What a finding costs, in the page's language.
pub fn cost_text(l: Lang, cost: &layerlab_analysis::rules::Cost) -> String {
    match cost {
        layerlab_analysis::rules::Cost::Bytes { .. } => cost.describe(),
        layerlab_analysis::rules::Cost::BuildFails => {
            tr!(l, "the build fails", "сборка падает", "构建失败").into()
        }
        layerlab_analysis::rules::Cost::StartFails => tr!(
            l,
            "the container fails at start",
            "контейнер не запускается",
            "容器启动失败"
        )
        .into(),
        layerlab_analysis::rules::Cost::Security => {
            tr!(l, "a security exposure", "угроза безопасности", "安全隐患").into()
        }
        layerlab_analysis::rules::Cost::Rebuilds => {
            tr!(l, "slower rebuilds", "медленные пересборки", "重建更慢").into()
        }
        layerlab_analysis::rules::Cost::Unreachable => tr!(
            l,
            "the service is unreachable from outside the container",
            "сервис недоступен снаружи контейнера",
            "无法从容器外部访问该服务"
        )
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(Lang::from_tag("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::from_preferences(["de-DE", "ru", "en"]), Lang::Ru);
        assert_eq!(Lang::from_preferences(["fr"]), Lang::En);
    }

    #[test]
    fn russian_plurals() {
        let f = |n| Lang::ru_plural(n, "файл", "файла", "файлов");
        assert_eq!(
            [1, 2, 5, 11, 12, 21, 22, 25, 101, 111, 0].map(f),
            [
                "файл",
                "файла",
                "файлов",
                "файлов",
                "файлов",
                "файл",
                "файла",
                "файлов",
                "файл",
                "файлов",
                "файлов"
            ]
        );
    }

    #[test]
    fn macros() {
        let n = 3;
        assert_eq!(tr!(Lang::Ru, "a", "б", "丙"), "б");
        assert_eq!(
            trf!(Lang::Zh, "{n} files", "файлов: {n}", "{n} 个文件"),
            "3 个文件"
        );
    }
}
