#!/bin/sh
# Builds the two measurement copies of dist-base/ (symlinks, except
# analysis-worker.js): dist-inst/ (worker-stamps.js prepended: request/reply
# stamps, replay hooks) and dist-inst2/ (epoch stamps of the worker's start in
# self.__ws). The page's own files are untouched.
set -eu
cd "$(dirname "$0")"
# The site to measure: a copy of a built dist/ (SRC, default the repository's).
rm -rf dist-base; cp -r "${SRC:-../../dist}" dist-base
for d in dist-inst dist-inst2; do
  rm -rf "$d"; mkdir "$d"
  for f in dist-base/*; do ln -s "../$f" "$d/"; done
  rm "$d"/analysis-worker.js*
done
cat worker-stamps.js dist-base/analysis-worker.js > dist-inst/analysis-worker.js
python3 - <<'PY'
src = open('dist-base/analysis-worker.js').read()
pre = ("// Measurement copy (first-load.mjs): epoch-ms stamps of the worker's start in self.__ws.\n"
       "const __now = () => performance.timeOrigin + performance.now();\nself.__ws = { scriptStart: __now() };\n")
s = src.replace("self.onmessage = async (event) => {\n  self.onmessage = null;",
                "self.onmessage = async (event) => {\n  self.__ws.initMessage = __now();\n  self.onmessage = null;")
s = s.replace("    const glue = await import(js);\n", "    const glue = await import(js);\n    self.__ws.glueImported = __now();\n")
s = s.replace("    await glue.default({ module_or_path: module instanceof WebAssembly.Module ? module : wasm });\n",
              "    await glue.default({ module_or_path: module instanceof WebAssembly.Module ? module : wasm });\n    self.__ws.instantiatedAndMainRan = __now();\n")
assert s.count('__ws') == 3, 'analysis-worker.js changed: update make-dists.sh'
open('dist-inst2/analysis-worker.js', 'w').write(pre + s)
PY
echo "made dist-inst/ and dist-inst2/"
