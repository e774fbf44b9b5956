// Splits a worker CPU profile (worker-profile.mjs / replay-in-worker.mjs
// output) into the parts of one request, by the frames on each sample's
// stack (names from target/named.wasm), and prints each part's share of the
// samples taken inside the message handler, and the analysis' own split.
import fs from 'node:fs';
import { names } from './wasm-names.mjs';
// The release module with its names kept (see README.md).
const NAMED = process.env.NAMED_WASM || new URL('../../target/named.wasm', import.meta.url).pathname;
const nm = names(NAMED);
const fname = (cf) => { const m = /^wasm-function\[(\d+)\]$/.exec(cf.functionName); return m ? (nm.get(Number(m[1])) ?? cf.functionName) : cf.functionName || '(anon)'; };
const parts = [
  ['analysis: parse', (s) => s.has('layerlab_analysis::analyze_reusing') && s.some((f) => f.startsWith('layerlab_syntax::parser::parse'))],
  ['analysis: simulate', (s) => s.has('layerlab_analysis::analyze_reusing') && s.some((f) => f.startsWith('layerlab_analysis::sim::simulate_reusing'))],
  ['analysis: rules + report', (s) => s.has('layerlab_analysis::analyze_reusing') && s.some((f) => f.startsWith('layerlab_analysis::report_of'))],
  ['analysis: rest (drops, reuse checks)', (s) => s.has('layerlab_analysis::analyze_reusing')],
  ['clock: bridge::now (2 calls, inside the timed analysis)', (s) => s.has('layerlab_web::bridge::imp::now')],
  ['view: building it (Cache::view minus analysis; tree, clones, drops)', (s) => s.has('layerlab_web::view::Cache::view')],
  ['delta: Patch::between', (s) => s.some((f) => f.startsWith('layerlab_web::delta::'))],
  ['JSON serialisation (to_json)', (s) => s.has('layerlab_web::worker::to_json')],
  ['JSON deserialisation of the request (serde_json)', (s) => s.has('layerlab_web::worker::Server::handle') && s.some((f) => /Deserializ|MapAccess|serde_json::de|serde_json::read/.test(f))],
  ['JSON serialisation (to_json)', (s) => s.has('layerlab_web::worker::Server::handle') && s.some((f) => /serializ|Serializ|serde_json::ser/.test(f))],
  ['delta: Patch::between (inlined: comparisons, copies)', (s) => s.has('layerlab_web::worker::Server::handle') && s.some((f) => /PartialEq|::eq$|equal_same_length|memcmp|to_vec/.test(f))],
  ['drops of the previous view and reply', (s) => s.has('layerlab_web::worker::Server::handle') && s.some((f) => /drop_in_place|dealloc/.test(f))],
  ['Server::handle, its own inlined code', (s) => s.has('layerlab_web::worker::Server::handle')],
  ['glue: reply string wasm -> JS (TextDecoder)', (s) => s.some((f) => /getStringFromWasm|decodeText/.test(f))],
  ['glue: postMessage', (s) => s.some((f) => /post_message|postMessage/.test(f))],
  ['glue: request string JS -> wasm (TextEncoder) and the rest', (s) => s.has('wasm_bindgen::convert::closures::_::invoke') || s.some((f) => /passStringToWasm|encodeString|wasm_bindgen__convert__closures/.test(f))],
];
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(file)); const p = r.profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n])); const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = new Map();
  const stack = (id) => { if (stackOf.has(id)) return stackOf.get(id); const a = []; for (let x = id; x !== undefined; x = parent.get(x)) a.push(fname(byId.get(x).callFrame).replace(/::h[0-9a-f]{16}$/, '')); const s = Object.assign(a, { has: (f) => a.includes(f) }); stackOf.set(id, s); return s; };
  const counts = new Map(); let inHandler = 0, other = new Map();
  for (const id of p.samples) {
    const s = stack(id);
    if (!s.some((f) => /wasm_bindgen__convert__closures|serve_requests/.test(f))) { const k = s[0]; other.set(k, (other.get(k) ?? 0) + 1); continue; }
    inHandler++;
    let part = parts.find(([, test]) => test(s))?.[0] ?? 'other: ' + s[0];
    if (part.startsWith('Server::handle rest') && process.env.DETAIL) { const i = s.indexOf('layerlab_web::worker::Server::handle'); part += ' > ' + (i > 0 ? s[i - 1] : '(self)').slice(0, 110); }
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  console.log(`${file}: ${p.samples.length} samples, ${inHandler} in the handler; outside it: ${[...other].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${(100 * v / inHandler).toFixed(1).padStart(5)}%  ${String(v).padStart(6)}  ${k}`);
}
