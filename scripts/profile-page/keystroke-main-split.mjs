// The main thread's CPU profile from keystroke-profile.mjs (PROFILE=1) by
// part, in ms per keystroke (time-weighted samples, wasm frames named from
// target/named.wasm): the first matching part of each sample's stack.
// Usage: node keystroke-main-split.mjs <run.json>...
import fs from 'node:fs';
import { names } from './wasm-names.mjs';
const NAMED = process.env.NAMED_WASM || new URL('../../target/named.wasm', import.meta.url).pathname;
const nm = names(NAMED);
const fname = (cf) => { const m = /^wasm-function\[(\d+)\]$/.exec(cf.functionName); return m ? (nm.get(Number(m[1])) ?? cf.functionName).replace(/::h[0-9a-f]{16}$/, '') : (cf.functionName || '(anon)') + (cf.url ? ' @' + cf.url.split('/').pop() : ''); };
const has = (re) => (s) => s.some((f) => re.test(f));
const parts = [
  ['idle', (s) => s[0] === '(idle)'],
  ['(program): V8/Blink outside JS', (s) => s[0] === '(program)'],
  ['garbage collector', (s) => s[0] === '(garbage collector)'],
  ['reply: reducer (State::show: compare and keep lists)', has(/state::State::show|state::keep_or/)],
  ['reply handler: decode, apply the delta, dispatch (and post a waiting request)', has(/workers::spawn_worker::\{\{closure/)],
  ['effect: diagnostics to CodeMirror (JSON + setDiagnostics, its forced layout)', has(/setDiagnosticsJson|diagnostics::diagnostics_json/)],
  ['effect: request to the worker (input, encode, post)', has(/use_analysis|Analyst::submit|WorkerHandle::post/)],
  ['effect: autosave / other effects', has(/run_effects/)],
  ['Yew render (view + reconcile, all components)', has(/RenderRunner|PropsUpdateRunner|CompStateInner.*::view|reconcile/)],
  ['keystroke: on_edit (text to wasm, Action::Edit)', has(/CodeEditor.*closure|State::apply|UseReducerDispatcher/)],
  ['keystroke: CodeMirror input + update (its forced layout)', has(/@editor-/)],
  ['other wasm (scheduler, glue)', has(/yew::|layerlab_web|wasm_bindgen|@layerlab-web/)],
];
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(file)); const p = r.mainProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n])); const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const cache = new Map();
  const stack = (id) => { if (cache.has(id)) return cache.get(id); const a = []; for (let x = id; x !== undefined; x = parent.get(x)) a.push(fname(byId.get(x).callFrame)); cache.set(id, a); return a; };
  const t = new Map(); const other = new Map();
  for (let i = 0; i < p.samples.length - 1; i++) {
    const s = stack(p.samples[i]); const d = p.timeDeltas[i + 1] / 1000;
    const part = parts.find(([, f]) => f(s))?.[0] ?? 'other';
    if (part === 'other') other.set(s[0], (other.get(s[0]) ?? 0) + d);
    t.set(part, (t.get(part) ?? 0) + d);
  }
  console.log(`${file}: ${r.keys} keys, load ${r.load?.join(' ')}; ms per keystroke`);
  for (const [n] of [...parts, ['other']]) if (t.has(n)) console.log(`  ${(t.get(n) / r.keys).toFixed(2).padStart(7)}  ${n}`);
  if (process.env.OTHER) for (const [k, v] of [...other].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`      ${(v / r.keys).toFixed(2)} ${k}`);
}
