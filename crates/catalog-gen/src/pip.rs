//! `pip-packages.csv`: measured PyPI distributions.

use crate::lit::*;
use crate::pep503::pep503_normalize;
use crate::table::*;
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) fn gen_pip(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "pip-packages.csv",
        &[
            "package",
            "version",
            "python",
            "installed_bytes_with_deps",
            "own_installed_bytes",
            "wheel_bytes_with_deps",
            "dependencies",
            "measured_on",
            "requested_spec",
            "n_deps",
            "pyc_bytes_with_deps",
            "local_wheel_cache_bytes",
            "status",
        ],
    );
    let mut items = BTreeMap::new();
    for r in rows(&t) {
        let pkg = r.req("package");
        let (name, extras) = match pkg.find('[') {
            Some(i) => {
                let e = pkg[i + 1..]
                    .strip_suffix(']')
                    .unwrap_or_else(|| r.bad("package", "has an unclosed `[`"));
                let mut ex: Vec<String> =
                    e.split(',').map(|x| pep503_normalize(x.trim())).collect();
                ex.sort();
                (&pkg[..i], ex.join(","))
            }
            None => (pkg, String::new()),
        };
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        {
            r.bad("package", "is not a valid distribution name");
        }
        let status = r.req("status");
        let status_lit = if status == "ok" {
            "MeasureStatus::Ok".to_string()
        } else if status.starts_with("FAILED") {
            format!("MeasureStatus::Failed({})", lit(status))
        } else if status.starts_with("SKIPPED") {
            format!("MeasureStatus::Skipped({})", lit(status))
        } else {
            r.bad("status", "is not ok / FAILED… / SKIPPED…")
        };
        let installed = r.opt_u64("installed_bytes_with_deps");
        if status == "ok" && installed.is_none() {
            r.bad("installed_bytes_with_deps", "is empty on an ok row");
        }
        let spec = r.req("requested_spec");
        let norm = pep503_normalize(name);
        let version = r.s("version");
        let n_deps: u16 = r.opt("n_deps").map_or(0, |n| {
            n.parse()
                .unwrap_or_else(|_| r.bad("n_deps", "is not an integer"))
        });
        let detail = format!("pip install --target, {}", r.req("python"));
        let item = format!(
            "    PipPackage {{ name: {}, normalized: {}, extras: {}, version: {}, requested_spec: {}, installed_bytes_with_deps: {}, pyc_bytes_with_deps: {}, own_installed_bytes: {}, wheel_bytes_with_deps: {}, local_wheel_cache_bytes: {}, n_deps: {n_deps}, dependencies: {}, status: {status_lit}, source: {} }},\n",
            lit(name),
            lit(&norm),
            lit(&extras),
            lit(version),
            lit(spec),
            opt_num(installed),
            opt_num(r.opt_u64("pyc_bytes_with_deps")),
            opt_num(r.opt_u64("own_installed_bytes")),
            opt_num(r.opt_u64("wheel_bytes_with_deps")),
            opt_num(r.opt_u64("local_wheel_cache_bytes")),
            lit(r.s("dependencies")),
            source_lit("pip-packages.csv", &detail, r.date("measured_on")),
        );
        let key = (
            norm.clone(),
            extras.clone(),
            spec.contains("=="),
            version.to_string(),
        );
        if items.insert(key, item).is_some() {
            fail(
                t.file,
                r.line,
                &format!("duplicate package row {pkg} {version}"),
            );
        }
    }
    out.push_str("/// `pip-packages.csv`, sorted by (normalised name, extras, pinned, version).\npub static PIP_PACKAGES: &[PipPackage] = &[\n");
    for v in items.values() {
        out.push_str(v);
    }
    out.push_str("];\n\n");
}
