//! ## What it does
//! Finds `pip install` options that current pip rejects:
//! `--install-option` and `--global-option` (removed in pip 23.1), and
//! location-changing install options such as
//! `--install-option="--prefix=/install"` (rejected since pip 20.2). Every
//! official Python image published since mid-2020 ships such a pip.
//!
//! ## Why it matters
//! The `RUN` fails, so the build fails. Older tutorials used
//! `--install-option="--prefix=…"` to install into a separate prefix for a
//! multi-stage copy; pip has its own `--prefix` option for that.
//!
//! ## Example
//! ```dockerfile
//! RUN pip install --install-option="--prefix=/install" -r /requirements.txt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN pip install --prefix=/install -r /requirements.txt
//! ```
//!
//! ## References
//! - pip 20.2 changelog (location-changing options in `--install-option` rejected): <https://pip.pypa.io/en/stable/news/#v20-2>
//! - pip 23.1 changelog (`--install-option` removed): <https://pip.pypa.io/en/stable/news/#v23-1>

use super::{Cost, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Keyword, Severity, Span};

pub(crate) const RULE: &dyn Rule = &PipInstallOption;

struct PipInstallOption;

impl Rule for PipInstallOption {
    fn meta(&self) -> Meta {
        Meta {
            id: "pip-install-option",
            category: Category::Correctness,
            severity: Severity::Error,
            summary:
                "pip install uses --install-option or --global-option, which current pip rejects",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked().filter(|i| i.kind == Keyword::Run) {
            let text = cx.text(ins.span);
            if !text.contains("pip") || !text.contains("install") {
                continue;
            }
            for opt in ["--install-option", "--global-option"] {
                let mut from = 0;
                while let Some(i) = text[from..].find(opt) {
                    let start = from + i;
                    // The token: up to whitespace outside quotes.
                    let bytes = text.as_bytes();
                    let mut end = start + opt.len();
                    let mut quote: Option<u8> = None;
                    let mut value_sep_space = false;
                    if bytes.get(end) == Some(&b' ') {
                        value_sep_space = true;
                        end += 1;
                    } else if bytes.get(end) == Some(&b'=') {
                        end += 1;
                    }
                    while end < bytes.len() {
                        let c = bytes[end];
                        match quote {
                            Some(q) if c == q => quote = None,
                            Some(_) => {}
                            None if c == b'"' || c == b'\'' => quote = Some(c),
                            None if c.is_ascii_whitespace() || c == b';' || c == b'&' => break,
                            None => {}
                        }
                        end += 1;
                    }
                    from = end;
                    let token = &text[start..end];
                    let value = token[opt.len()..]
                        .trim_start_matches(['=', ' '])
                        .trim_matches(['"', '\'']);
                    let location = ["--prefix", "--root", "--home", "--install-"]
                        .iter()
                        .any(|p| value.starts_with(p));
                    let span = Span::new(ins.span.start + start, ins.span.start + end);
                    let msg = if location {
                        format!("{token}: pip 20.2 and later reject location-changing install options, and pip 23.1 removed {opt}; the build fails")
                    } else {
                        format!(
                            "{token}: pip 23.1 removed {opt}; the build fails with any current pip"
                        )
                    };
                    let f = out.emit(span, msg);
                    f.cost = Some(Cost::BuildFails);
                    let direct = ["--prefix=", "--root="]
                        .iter()
                        .find(|p| value.starts_with(**p))
                        .is_some()
                        && !value.contains(' ');
                    if direct && !value_sep_space {
                        f.help = format!("pip has the option itself: use {value}.");
                        f.fix = Some(Fix::replace(
                            format!("Use {value}"),
                            span,
                            value.to_string(),
                        ));
                    } else if direct {
                        f.help = format!("pip has the option itself: use {value}.");
                    } else {
                        f.help = "Pass build options through --config-settings (PEP 517), or build a wheel first.".into();
                    }
                }
            }
        }
    }
}
