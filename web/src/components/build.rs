use std::rc::Rc;

use layerlab_analysis::StageReport;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::use_lang;
use crate::state::{Action, BuildOptions, DeclaredArg, Ptr};

#[derive(Properties, PartialEq)]
pub struct BuildOptionsProps {
    pub stages: Ptr<Vec<StageReport>>,
    pub args: Rc<[DeclaredArg]>,
    pub options: Rc<BuildOptions>,
    pub on_action: Callback<Action>,
}

/// `docker build` options: the target stage and a value for each declared
/// ARG, with the command line they amount to.
#[function_component]
pub fn BuildOptionsPanel(props: &BuildOptionsProps) -> Html {
    let l = use_lang();
    let opts = &*props.options;
    let stage_label = |s: &StageReport| s.name.clone().unwrap_or_else(|| s.index.to_string());
    let last = props.stages.last().map(stage_label).unwrap_or_default();
    // A target that names no stage (edited away, or from a link) stays visible.
    let target_known = opts.target.is_empty()
        || props.stages.iter().any(|s| {
            stage_label(s).eq_ignore_ascii_case(&opts.target) || s.index.to_string() == opts.target
        });
    let on_target = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(Action::SetTarget(s.value()));
        })
    };
    let value_of = |name: &str| {
        opts.build_args
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let row = |name: String, default: Option<String>, global: bool, declared: bool| {
        let cb = props.on_action.clone();
        let n = name.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            cb.emit(Action::SetBuildArg(n.clone(), i.value()));
        });
        let placeholder = match &default {
            Some(d) if !d.is_empty() => d.clone(),
            _ => tr!(l, "(no default)", "(без значения)", "（无默认值）").to_string(),
        };
        html! {
            <li class="arg" data-arg={name.clone()}>
                <label>
                    <code>{ &name }</code>
                    if global {
                        <span class="arg-note" title={tr!(l, "Declared before the first FROM: usable in FROM lines",
                            "Объявлен до первого FROM: можно использовать в строках FROM",
                            "在第一个 FROM 之前声明：可用于 FROM 行")}>{ "FROM" }</span>
                    }
                    if !declared {
                        <span class="arg-note unused" title={tr!(l, "No ARG declares it: BuildKit ignores it (and warns)",
                            "Его не объявляет ни один ARG: BuildKit его игнорирует (и предупреждает)",
                            "没有 ARG 声明它：BuildKit 会忽略它（并给出警告）")}>
                            { tr!(l, "not declared", "не объявлен", "未声明") }
                        </span>
                    }
                    <input type="text" spellcheck="false" autocomplete="off" value={value_of(&name).unwrap_or_default()}
                        {placeholder} {oninput} data-testid={format!("arg-{name}")} />
                </label>
            </li>
        }
    };
    let mut rows: Vec<Html> = props
        .args
        .iter()
        .map(|a| row(a.name.clone(), a.default.clone(), a.global, true))
        .collect();
    for (k, _) in &opts.build_args {
        if !props.args.iter().any(|a| a.name == *k) {
            rows.push(row(k.clone(), None, false, false));
        }
    }
    let mut command = String::from("docker build");
    if !opts.target.is_empty() {
        command.push_str(&format!(" --target {}", opts.target));
    }
    for (k, v) in &opts.build_args {
        let v = if v.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
            format!("'{}'", v.replace('\'', "'\\''"))
        } else {
            v.clone()
        };
        command.push_str(&format!(" --build-arg {k}={v}"));
    }
    command.push_str(" .");
    let shown_target = if opts.target.is_empty() {
        last.clone()
    } else {
        opts.target.clone()
    };
    let n_args = opts.build_args.len();
    let summary = match l {
        crate::i18n::Lang::En => format!(
            "Build · target {shown_target}{}",
            if n_args > 0 {
                format!(" · {}", crate::present::plural(n_args, "build arg"))
            } else {
                String::new()
            }
        ),
        crate::i18n::Lang::Ru => format!(
            "Сборка · цель {shown_target}{}",
            if n_args > 0 {
                format!(" · аргументов: {n_args}")
            } else {
                String::new()
            }
        ),
        crate::i18n::Lang::Zh => format!(
            "构建 · 目标 {shown_target}{}",
            if n_args > 0 {
                format!(" · {n_args} 个构建参数")
            } else {
                String::new()
            }
        ),
    };
    html! {
        <details class="build-options" data-testid="build-options">
            <summary>{ summary }</summary>
            <label class="target">
                <span>{ tr!(l, "Target stage", "Целевая стадия", "目标阶段") }</span>
                <select data-testid="target" onchange={on_target}>
                    <option value="" selected={opts.target.is_empty()}>
                        { trf!(l, "last stage ({last})", "последняя стадия ({last})", "最后一个阶段（{last}）") }
                    </option>
                    { for props.stages.iter().map(|s| {
                        let label = stage_label(s);
                        let selected = !opts.target.is_empty()
                            && (label.eq_ignore_ascii_case(&opts.target) || s.index.to_string() == opts.target);
                        html! { <option value={label.clone()} {selected}>{ label }</option> }
                    }) }
                    if !target_known {
                        <option value={opts.target.clone()} selected=true>
                            { { let t = &opts.target; trf!(l, "{t} (no such stage)", "{t} (такой стадии нет)", "{t}（不存在此阶段）") } }
                        </option>
                    }
                </select>
            </label>
            if rows.is_empty() {
                <p class="empty">{ tr!(l, "This Dockerfile declares no ARG.", "В этом Dockerfile нет ARG.", "此 Dockerfile 没有声明 ARG。") }</p>
            } else {
                <ul class="args">{ for rows }</ul>
            }
            <code class="command" data-testid="build-command">{ command }</code>
        </details>
    }
}
