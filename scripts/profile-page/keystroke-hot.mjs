// The main thread's or the worker's CPU profile from keystroke-profile.mjs
// (PROFILE=1): busy time per keystroke, and the functions with the most
// inclusive and self time, in ms per keystroke (time-weighted samples; wasm
// frames named from target/named.wasm). Usage:
// node keystroke-hot.mjs <run.json> main|worker [TOP] [regex: only stacks through it]
import fs from 'node:fs';
import { names } from './wasm-names.mjs';
const NAMED = process.env.NAMED_WASM || new URL('../../target/named.wasm', import.meta.url).pathname;
const nm = names(NAMED);
const [file, which = 'main', top = '40', only] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(file)); const p = which === 'main' ? r.mainProfile : r.workerProfile;
const byId = new Map(p.nodes.map((n) => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const fname = (cf) => { const m = /^wasm-function\[(\d+)\]$/.exec(cf.functionName); return m ? (nm.get(Number(m[1])) ?? cf.functionName).replace(/::h[0-9a-f]{16}$/, '') : (cf.functionName || '(anon)') + (cf.url ? ' ' + cf.url.split('/').pop() + ':' + cf.lineNumber : ''); };
const cache = new Map();
const stack = (id) => { if (cache.has(id)) return cache.get(id); const a = []; for (let x = id; x !== undefined; x = parent.get(x)) a.push(fname(byId.get(x).callFrame)); cache.set(id, a); return a; };
const incl = new Map(), self = new Map(); let busy = 0, all = 0;
const re = only && new RegExp(only);
for (let i = 0; i < p.samples.length - 1; i++) {
  const s = stack(p.samples[i]); const d = p.timeDeltas[i + 1] / 1000; all += d;
  if (['(idle)', '(program)'].includes(s[0])) continue;
  if (re && !s.some((f) => re.test(f))) continue;
  busy += d;
  self.set(s[0], (self.get(s[0]) ?? 0) + d);
  for (const f of new Set(s)) incl.set(f, (incl.get(f) ?? 0) + d);
}
const k = r.keys; const fmt = (v) => (v / k).toFixed(2).padStart(7);
console.log(`${file} ${which}: ${all.toFixed(0)} ms profiled, busy ${busy.toFixed(0)} ms${re ? ' through ' + only : ''} = ${fmt(busy)} ms per keystroke (${k} keys, load ${r.load?.join(' ')})`);
console.log('inclusive, ms per keystroke:');
for (const [f, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`  ${fmt(v)}  ${f.slice(0, 160)}`);
console.log('self, ms per keystroke:');
for (const [f, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${fmt(v)}  ${f.slice(0, 160)}`);
