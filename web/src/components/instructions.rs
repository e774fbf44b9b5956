use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::use_lang;
use crate::state::InstructionRow;

#[derive(Properties, PartialEq)]
pub struct InstructionsProps {
    pub rows: Rc<[InstructionRow]>,
    /// Called with an instruction's first line when it is clicked.
    pub on_goto: Callback<u32>,
}

/// Every instruction with the lines it spans; a `FROM` starts a new stage.
#[function_component]
pub fn Instructions(props: &InstructionsProps) -> Html {
    let l = use_lang();
    let items = props.rows.iter().map(|row| {
        let line = row.start_line;
        let onclick = props.on_goto.reform(move |_: MouseEvent| line);
        html! {
            <li
                class={classes!("instruction", (row.keyword == "FROM").then_some("stage-start"))}
                data-line={row.start_line.to_string()}
                data-end-line={row.end_line.to_string()}
                data-keyword={row.keyword.clone()}
            >
                <button type="button" {onclick} title={{ let n = row.start_line; trf!(l, "Go to line {n}", "Перейти к строке {n}", "跳转到第 {n} 行") }}>
                    <span class="lines">{ row.line_range() }</span>
                    <span class="keyword">{ &row.keyword }</span>
                    <span class="args">{ &row.args }</span>
                </button>
            </li>
        }
    });
    html! {
        <section class="panel" aria-labelledby="instructions-title">
            <h2 id="instructions-title">
                { tr!(l, "Instructions", "Инструкции", "指令") }
                <span class="badge">{ props.rows.len() }</span>
            </h2>
            if props.rows.is_empty() {
                <p class="empty">{ tr!(l, "No instructions yet.", "Инструкций пока нет.", "还没有指令。") }</p>
            } else {
                <ol class="instructions" data-testid="instructions">{ for items }</ol>
            }
        </section>
    }
}
