//! Findings for people, laid out like rustc's diagnostics:
//!
//! ```text
//! warning[pip-no-cache-dir]: pip keeps its download cache in /root/.cache/pip (about 12.3 MB), and it ships in the final image
//!  --> Dockerfile:3:5
//!   |
//! 3 | RUN pip install flask
//!   |     ^^^^^^^^^^^
//!   |
//!   = help: …
//!   = assumes: … (what the finding rests on that Layerlab could not see)
//!   = cost: 12.3 MB
//!   = fix: Add --no-cache-dir
//! ```

use crate::escape;
use layerlab_analysis::Finding;
use layerlab_syntax::Severity;

/// ANSI styles, or none.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity_code(s: Severity) -> &'static str {
        match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        }
    }
    pub fn severity(&self, s: Severity, text: &str) -> String {
        self.paint(Self::severity_code(s), text)
    }
    pub fn gutter(&self, text: &str) -> String {
        self.paint("1;34", text)
    }
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// A source line as shown: tabs expanded to 4 columns, controls escaped
/// (each character then takes [`escape::width`] columns).
fn shown_line(s: &str) -> String {
    escape::text(s).replace('\t', "    ")
}

/// Renders one finding of file `name` whose text is `source`.
pub fn finding(name: &str, source: &str, f: &Finding, st: Style) -> String {
    let mut out = String::new();
    let sev = f.severity.as_str();
    out.push_str(&format!(
        "{}{}\n",
        st.severity(f.severity, &format!("{sev}[{}]", f.rule)),
        st.bold(&format!(": {}", escape::text(&f.message)))
    ));
    let line_no = f.line.to_string();
    let pad = " ".repeat(line_no.len());
    out.push_str(&format!(
        "{pad}{} {}:{}:{}\n",
        st.gutter("-->"),
        escape::text(name),
        f.line,
        f.column
    ));
    let line_text = source.lines().nth(f.line.saturating_sub(1) as usize);
    if let Some(line_text) = line_text {
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let chars: Vec<char> = line_text.chars().collect();
        let col0 = (f.column.max(1) - 1) as usize;
        let end0 = if f.end_line == f.line {
            (f.end_column.max(1) - 1) as usize
        } else {
            chars.len()
        };
        let width_of = |cs: &[char]| cs.iter().map(|c| escape::width(*c)).sum::<usize>();
        let lead = width_of(&chars[..col0.min(chars.len())]);
        let span =
            width_of(&chars[col0.min(chars.len())..end0.clamp(col0.min(chars.len()), chars.len())])
                .max(1);
        out.push_str(&format!("{pad} {}\n", st.gutter("|")));
        if line_text.is_empty() {
            out.push_str(&format!("{}\n", st.gutter(&format!("{line_no} |"))));
        } else {
            out.push_str(&format!(
                "{} {}\n",
                st.gutter(&format!("{line_no} |")),
                shown_line(line_text)
            ));
        }
        out.push_str(&format!(
            "{pad} {} {}{}\n",
            st.gutter("|"),
            " ".repeat(lead),
            st.severity(f.severity, &"^".repeat(span))
        ));
        out.push_str(&format!("{pad} {}\n", st.gutter("|")));
    }
    if !f.help.is_empty() {
        out.push_str(&format!(
            "{pad} {} {}\n",
            st.gutter("="),
            labelled(st, "help", &f.help)
        ));
    }
    if let Some(a) = &f.assumption {
        let mut text = a.text.clone();
        if !a.decided_by.is_empty() {
            text.push_str(&format!(
                " (--context with {} decides it)",
                a.decided_by.join(", ")
            ));
        }
        out.push_str(&format!(
            "{pad} {} {}\n",
            st.gutter("="),
            labelled(st, "assumes", &text)
        ));
    }
    if let Some(c) = &f.cost {
        out.push_str(&format!(
            "{pad} {} {}\n",
            st.gutter("="),
            labelled(st, "cost", &c.describe())
        ));
    }
    if let Some(fix) = &f.fix {
        out.push_str(&format!(
            "{pad} {} {}\n",
            st.gutter("="),
            labelled(st, "fix", &fix.title)
        ));
    }
    out.push('\n');
    out
}

fn labelled(st: Style, label: &str, text: &str) -> String {
    format!("{}: {}", st.bold(label), escape::text(text))
}

/// A size with its range, `+ unknown` when part of it is not known.
pub(crate) fn size_text(v: u64, lo: u64, hi: u64, complete: bool) -> String {
    layerlab_analysis::sim::size::range_text(v, lo, hi, complete)
}
