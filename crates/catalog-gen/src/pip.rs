//! `pip-packages.csv` (one row per requirement and CPython minor version)
//! and `pip-dists.csv` (one row per wheel of any measured closure), both
//! written by `scripts/data/pip`.

use crate::lit::*;
use crate::pep503::pep503_normalize;
use crate::table::*;
use std::collections::BTreeMap;
use std::path::Path;

/// `3.7` … `3.14`: a CPython minor version as the tables write it.
fn python_minor(r: &Row, col: &str) -> String {
    let v = r.req(col);
    match v.split_once('.') {
        Some(("3", m)) if !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()) => v.to_string(),
        _ => r.bad(col, "is not a CPython minor version (3.N)"),
    }
}

fn tool_detail(r: &Row, what: &str) -> String {
    format!("{what}; {}", r.req("tool"))
}

pub(crate) fn gen_pip(dir: &Path, out: &mut String) {
    gen_packages(dir, out);
    gen_dists(dir, out);
}

fn gen_packages(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "pip-packages.csv",
        &[
            "package",
            "requested_spec",
            "python",
            "version",
            "status",
            "tier",
            "installed_bytes_with_deps",
            "installed_bytes_with_deps_excl_pyc",
            "pyc_bytes_with_deps",
            "pyc_basis",
            "wheel_bytes_with_deps",
            "local_wheel_cache_bytes",
            "n_deps",
            "dependencies",
            "console_scripts",
            "musllinux",
            "download_rank",
            "listed_by",
            "measured_on",
            "tool",
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
        let pyc = r.opt_u64("pyc_bytes_with_deps");
        let excl = r.opt_u64("installed_bytes_with_deps_excl_pyc");
        if status == "ok" {
            let (Some(i), Some(p), Some(e)) = (installed, pyc, excl) else {
                r.bad(
                    "installed_bytes_with_deps",
                    "or its pyc split is empty on an ok row",
                )
            };
            if i != p + e {
                r.bad("installed_bytes_with_deps", "is not excl_pyc + pyc");
            }
        }
        let pyc_measured = match r.opt("pyc_basis") {
            Some("measured") => true,
            Some("estimate") | None => false,
            Some(_) => r.bad("pyc_basis", "is not measured / estimate"),
        };
        let spec = r.req("requested_spec");
        let norm = pep503_normalize(name);
        let python = python_minor(&r, "python");
        let n_deps: u16 = r.opt("n_deps").map_or(0, |n| {
            n.parse()
                .unwrap_or_else(|_| r.bad("n_deps", "is not an integer"))
        });
        let deps = r.s("dependencies");
        if !deps.is_empty() && deps.split(';').count() != n_deps as usize {
            r.bad("n_deps", "is not the number of dependencies");
        }
        let detail = tool_detail(
            &r,
            &format!("pip install --dry-run --report for CPython {python}, wheel sizes by range requests"),
        );
        let item = format!(
            "    {}PipPackage {{ name: {}, normalized: {}, extras: {}, version: {}, requested_spec: {}, python: {}, installed_bytes_with_deps: {}, pyc_bytes_with_deps: {}, pyc_measured: {pyc_measured}, wheel_bytes_with_deps: {}, local_wheel_cache_bytes: {}, n_deps: {n_deps}, dependencies: {}, console_scripts: {}, musllinux: {}, status: {status_lit}, source: {} }},\n",
            r.tier_attr(),
            lit(name),
            lit(&norm),
            lit(&extras),
            lit(r.s("version")),
            lit(spec),
            lit(&python),
            opt_num(installed),
            opt_num(pyc),
            opt_num(r.opt_u64("wheel_bytes_with_deps")),
            opt_num(r.opt_u64("local_wheel_cache_bytes")),
            lit(deps),
            lit(r.s("console_scripts")),
            lit(r.s("musllinux")),
            source_lit("pip-packages.csv", &detail, r.date("measured_on")),
        );
        let minor: u32 = python[2..].parse().unwrap_or(0);
        let key = (
            norm.clone(),
            extras.clone(),
            r.s("version").to_string(),
            minor,
            spec.to_string(),
        );
        if items.insert(key, item).is_some() {
            fail(
                t.file,
                r.line,
                &format!("duplicate package row {pkg} {spec} {python}"),
            );
        }
    }
    out.push_str("/// `pip-packages.csv`, sorted by (normalised name, extras, version, Python, spec).\npub static PIP_PACKAGES: &[PipPackage] = &[\n");
    for v in items.values() {
        out.push_str(v);
    }
    out.push_str("];\n\n");
}

fn gen_dists(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "pip-dists.csv",
        &[
            "name",
            "version",
            "python_tag",
            "wheel",
            "tier",
            "wheel_bytes",
            "unpacked_bytes",
            "launcher_bytes",
            "py_bytes",
            "installed_bytes_cp311",
            "pyc_bytes_cp311",
            "console_scripts",
            "musllinux",
            "built_from_sdist",
            "measured_on",
            "tool",
        ],
    );
    let mut items = BTreeMap::new();
    let (mut pyc_sum, mut py_sum) = (0u64, 0u64);
    for r in rows(&t) {
        let name = r.req("name");
        if pep503_normalize(name) != name {
            r.bad("name", "is not PEP 503-normalised");
        }
        let tag = r.req("python_tag");
        let (lo, hi) = python_tag_range(tag)
            .unwrap_or_else(|| r.bad("python_tag", "is not py2/py3/cpXY[-abi3] (dot-separated)"));
        let musl = match r.req("musllinux") {
            "pure" => "MuslWheel::Pure",
            "yes" => "MuslWheel::Yes",
            "no" => "MuslWheel::No",
            _ => r.bad("musllinux", "is not pure / yes / no"),
        };
        let installed = r.opt_u64("installed_bytes_cp311");
        let pyc = r.opt_u64("pyc_bytes_cp311");
        if installed.is_some() != pyc.is_some() {
            r.bad(
                "pyc_bytes_cp311",
                "is given without installed_bytes_cp311 or the other way round",
            );
        }
        let py_bytes = r.u64("py_bytes");
        if let Some(p) = pyc {
            pyc_sum += p;
            py_sum += py_bytes;
        }
        let launcher: u32 = r
            .req("launcher_bytes")
            .parse()
            .unwrap_or_else(|_| r.bad("launcher_bytes", "is not an integer"));
        let detail = tool_detail(&r, &format!("wheel {}", r.req("wheel")));
        let item = format!(
            "    {}PipDist {{ name: {}, version: {}, python_min: {lo}, python_max: {hi}, wheel_bytes: {}, unpacked_bytes: {}, launcher_bytes: {launcher}, py_bytes: {py_bytes}, installed_bytes_cp311: {}, pyc_bytes_cp311: {}, console_scripts: {}, musllinux: {musl}, built_from_sdist: {}, source: {} }},\n",
            r.tier_attr(),
            lit(name),
            lit(r.req("version")),
            r.u64("wheel_bytes"),
            r.u64("unpacked_bytes"),
            opt_num(installed),
            opt_num(pyc),
            lit(r.s("console_scripts")),
            r.opt("built_from_sdist") == Some("yes"),
            source_lit("pip-dists.csv", &detail, r.date("measured_on")),
        );
        let key = (
            name.to_string(),
            r.req("version").to_string(),
            lo,
            hi,
            r.req("wheel").to_string(),
        );
        if items.insert(key, item).is_some() {
            fail(
                t.file,
                r.line,
                &format!("duplicate wheel row {}", r.req("wheel")),
            );
        }
    }
    out.push_str("/// `pip-dists.csv`, sorted by (name, version, Python range).\npub static PIP_DISTS: &[PipDist] = &[\n");
    for v in items.values() {
        out.push_str(v);
    }
    out.push_str("];\n\n");
    let ratio = if py_sum > 0 {
        pyc_sum as f64 / py_sum as f64
    } else {
        0.0
    };
    out.push_str(&format!(
        "/// `.pyc` bytes per `.py` byte that CPython 3.11 wrote for the wheels of\n/// `pip-dists.csv` measured with it ({pyc_sum} B of `.pyc` for {py_sum} B of `.py`,\n/// computed when the tables are generated): the basis of the `.pyc` estimate\n/// for other Python versions and unmeasured wheels.\npub const PIP_PYC_PER_PY_BYTE_CP311: f64 = {ratio:.4};\n\n"
    ));
}

/// The CPython minor versions a wheel's Python tag installs on, as
/// (lowest, highest) minor: `py3` = (0, 99), `cp312` = (12, 12),
/// `cp39-abi3` = (9, 99), `cp38.cp39` = (8, 9), `py2.py3` = (0, 99).
fn python_tag_range(tag: &str) -> Option<(u32, u32)> {
    let (tags, abi3) = match tag.strip_suffix("-abi3") {
        Some(t) => (t, true),
        None => (tag, false),
    };
    let mut lo = u32::MAX;
    let mut hi = 0;
    for t in tags.split('.') {
        let (l, h) = match t {
            "py3" | "py2" | "py30" => (0, 99),
            _ => {
                let rest = t.strip_prefix("cp3").or_else(|| t.strip_prefix("py3"))?;
                let m: u32 = rest.parse().ok()?;
                if abi3 || t.starts_with("py") {
                    (m, 99)
                } else {
                    (m, m)
                }
            }
        };
        if t == "py2" {
            continue;
        }
        lo = lo.min(l);
        hi = hi.max(h);
    }
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::python_tag_range;

    #[test]
    fn python_tags() {
        assert_eq!(python_tag_range("py3"), Some((0, 99)));
        assert_eq!(python_tag_range("py2.py3"), Some((0, 99)));
        assert_eq!(python_tag_range("cp312"), Some((12, 12)));
        assert_eq!(python_tag_range("cp39-abi3"), Some((9, 99)));
        assert_eq!(python_tag_range("cp38.cp39"), Some((8, 9)));
        assert_eq!(python_tag_range("py38"), Some((8, 99)));
        assert_eq!(python_tag_range("py2"), None);
        assert_eq!(python_tag_range("pp310"), None);
    }
}
