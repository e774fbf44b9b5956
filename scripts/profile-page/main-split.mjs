// Main-thread time of a cold load (main-profile.mjs output) by kind, time-weighted
// (each sample counts the interval to the next one).
import fs from 'node:fs';
import { names } from './wasm-names.mjs';
// The release module with its names kept (see README.md).
const NAMED = process.env.NAMED_WASM || new URL('../../target/named.wasm', import.meta.url).pathname;
const nm = names(NAMED);
const r = JSON.parse(fs.readFileSync(process.argv[2])); const p = r.profile;
const byId = new Map(p.nodes.map((n) => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const frames = (id) => { const a = []; for (let x = id; x !== undefined; x = parent.get(x)) { const cf = byId.get(x).callFrame; const m = /^wasm-function\[(\d+)\]$/.exec(cf.functionName); a.push({ name: m ? nm.get(Number(m[1])) ?? cf.functionName : cf.functionName, url: cf.url }); } return a; };
const kind = (fs_) => {
  const top = fs_[0].name;
  if (['(idle)', '(program)', '(garbage collector)'].includes(top)) return top;
  if (fs_.some((f) => /editor\.bundle/.test(f.url))) return 'CodeMirror JS (bundle evaluation, createEditor, setLanguage, setDiagnostics)';
  if (fs_.some((f) => /yew::|layerlab_web/.test(f.name))) return 'page module: Yew render and effects (wasm), minus CodeMirror';
  if (fs_.some((f) => /layerlab-web-.*\.js/.test(f.url))) return 'wasm-bindgen glue JS';
  return 'other: ' + top + ' ' + (fs_[0].url.split('/').pop() || '');
};
const t = new Map(); let total = 0;
for (let i = 0; i < p.samples.length - 1; i++) { const k = kind(frames(p.samples[i])); const d = p.timeDeltas[i + 1] / 1000; t.set(k, (t.get(k) ?? 0) + d); total += d; }
console.log(`${process.argv[2]}: ${total.toFixed(0)} ms profiled, first paint at ${r.firstPaint.toFixed(0)} ms`);
for (const [k, v] of [...t].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`);
