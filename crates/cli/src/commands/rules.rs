//! `layerlab rules`: the rule catalogue, or one rule's documentation.

use crate::io::write_out;
use clap::ValueEnum;
use layerlab_syntax::Severity;
use serde::Serialize;

// The subcommand's help is its variant's doc comment in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// `human`: one line per rule; `markdown`: the reference (docs/rules.md); `json`: metadata and docs.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    format: RulesFormat,
    /// A rule id, hadolint code or BuildKit check name: print that rule's documentation.
    rule: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum RulesFormat {
    Human,
    Markdown,
    Json,
}

pub(crate) fn run(a: &Args) -> Result<u8, String> {
    run_rules(a.format, a.rule.as_deref())
}

#[derive(Serialize)]
struct RuleOutput {
    id: &'static str,
    category: layerlab_analysis::Category,
    severity: Severity,
    summary: &'static str,
    hadolint: &'static [&'static str],
    buildkit: Option<&'static str>,
    docs: &'static str,
}

fn run_rules(format: RulesFormat, rule: Option<&str>) -> Result<u8, String> {
    use layerlab_analysis::rules::{docs, RULES};
    let mut metas: Vec<_> = RULES.iter().map(|r| r.meta()).collect();
    metas.sort_by_key(|m| m.id);
    if let Some(code) = rule {
        metas.retain(|m| layerlab_analysis::pragmas::code_matches(m.id, code));
        if metas.is_empty() {
            return Err(format!("no rule {code:?}; `layerlab rules` lists them"));
        }
    }
    let s = match format {
        RulesFormat::Json => {
            let out: Vec<RuleOutput> = metas
                .iter()
                .map(|m| RuleOutput {
                    id: m.id,
                    category: m.category,
                    severity: m.severity,
                    summary: m.summary,
                    hadolint: m.hadolint,
                    buildkit: m.buildkit,
                    docs: docs(m.id).unwrap_or(""),
                })
                .collect();
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())? + "\n"
        }
        RulesFormat::Markdown if rule.is_none() => layerlab_analysis::rules::markdown_reference(),
        RulesFormat::Markdown | RulesFormat::Human if rule.is_some() => metas
            .iter()
            .map(|m| format!("# {}\n\n{}\n", m.id, docs(m.id).unwrap_or(m.summary)))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => {
            let mut s = String::new();
            for m in &metas {
                let mut codes: Vec<&str> = m.hadolint.to_vec();
                codes.extend(m.buildkit);
                let codes = if codes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", codes.join(", "))
                };
                s.push_str(&format!(
                    "{:<34} {:<8} {}{codes}\n",
                    m.id,
                    m.severity.as_str(),
                    m.summary
                ));
            }
            s
        }
    };
    write_out(&s)?;
    Ok(0)
}
