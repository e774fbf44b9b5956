//! SARIF 2.1.0 output (`check --format sarif`), as GitHub code scanning reads it.

use layerlab_analysis::rules::{docs, RULES};
use layerlab_analysis::Finding;
use layerlab_syntax::{LineIndex, Severity};
use serde_json::{json, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/layerlab/layerlab";

/// One checked file: its URI (relative, `/`-separated), its text and its findings.
pub struct Artifact<'a> {
    pub uri: String,
    pub source: &'a str,
    pub findings: &'a [Finding],
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: `/` separators, percent-encoded where needed.
pub fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(index: &LineIndex, source: &str, start: usize, end: usize) -> Value {
    let s = index.line_col(source, start);
    let e = index.line_col(source, end);
    json!({ "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column })
}

fn rule_descriptor(id: &str) -> Value {
    match layerlab_analysis::rules::rule(id).map(|r| r.meta()) {
        Some(m) => {
            let doc = docs(m.id).unwrap_or(m.summary);
            let mut props = json!({
                "category": m.category,
                "tags": [m.category],
                "hadolint": m.hadolint,
            });
            if let Some(b) = m.buildkit {
                props["buildkit"] = json!(b);
            }
            json!({
                "id": m.id,
                "name": camel(m.id),
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary, "markdown": doc },
                "help": { "text": m.summary, "markdown": doc },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": props,
            })
        }
        // Parser diagnostics are not catalogue rules.
        None => json!({
            "id": id,
            "name": camel(id),
            "shortDescription": { "text": id.replace('-', " ") },
        }),
    }
}

/// `pip-no-cache-dir` → `PipNoCacheDir`.
fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The finding's message and its help, as one text.
fn message_text(f: &Finding) -> String {
    if f.help.is_empty() {
        return f.message.clone();
    }
    let sep = if f.message.ends_with(['.', '!', '?', ':']) {
        " "
    } else {
        ". "
    };
    format!("{}{sep}{}", f.message, f.help)
}

/// The whole SARIF log.
pub fn log(artifacts: &[Artifact]) -> Value {
    let mut rule_ids: Vec<String> = RULES.iter().map(|r| r.meta().id.to_string()).collect();
    for a in artifacts {
        for f in a.findings {
            if !rule_ids.contains(&f.rule) {
                rule_ids.push(f.rule.clone());
            }
        }
    }
    let rules: Vec<Value> = rule_ids.iter().map(|id| rule_descriptor(id)).collect();
    let mut results = Vec::new();
    for a in artifacts {
        let index = LineIndex::new(a.source);
        for f in a.findings {
            let location = json!({ "uri": a.uri, "uriBaseId": "%SRCROOT%" });
            let mut r = json!({
                "ruleId": f.rule,
                "ruleIndex": rule_ids.iter().position(|i| *i == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": message_text(f) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": f.line, "startColumn": f.column,
                            "endLine": f.end_line, "endColumn": f.end_column,
                        },
                    },
                }],
                "properties": { "category": f.category },
            });
            if !f.related.is_empty() {
                // The secondary places (the stage searched, the line that
                // installed the packages): SARIF's relatedLocations.
                let related: Vec<Value> = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        json!({
                            "id": i,
                            "physicalLocation": {
                                "artifactLocation": location,
                                "region": region(&index, a.source, rel.start, rel.end),
                            },
                            "message": { "text": rel.message },
                        })
                    })
                    .collect();
                r["relatedLocations"] = json!(related);
            }
            if let Some(a) = &f.assumption {
                r["properties"]["assumption"] = json!(a);
            }
            if let Some(c) = &f.cost {
                r["properties"]["cost"] = json!(c);
                r["properties"]["costDescription"] = json!(c.describe());
            }
            if let Some(fix) = &f.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": region(&index, a.source, e.start, e.end),
                            "insertedContent": { "text": e.replacement },
                        })
                    })
                    .collect();
                r["fixes"] = json!([{
                    "description": { "text": fix.title },
                    "artifactChanges": [{ "artifactLocation": location, "replacements": replacements }],
                }]);
            }
            results.push(r);
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "layerlab",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The directory layerlab ran in." } } },
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    })
}
