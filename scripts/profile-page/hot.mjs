// Inclusive share of the handler's samples for functions whose name matches
// each pattern (a sample counts once per pattern), from a worker CPU profile.
import fs from 'node:fs';
import { names } from './wasm-names.mjs';
// The release module with its names kept (see README.md).
const NAMED = process.env.NAMED_WASM || new URL('../../target/named.wasm', import.meta.url).pathname;
const nm = names(NAMED);
const r = JSON.parse(fs.readFileSync(process.argv[2])); const p = r.profile;
const byId = new Map(p.nodes.map((n) => [n.id, n])); const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const fr = (id) => { const a = []; for (let x = id; x !== undefined; x = parent.get(x)) { const cf = byId.get(x).callFrame; const m = /^wasm-function\[(\d+)\]$/.exec(cf.functionName); a.push(m ? nm.get(Number(m[1])) ?? cf.functionName : cf.functionName); } return a; };
const pats = process.argv.slice(3).map((s) => new RegExp(s));
const hits = pats.map(() => 0); let handler = 0;
for (const id of p.samples) { const s = fr(id); if (!s.some((f) => /serve_requests/.test(f))) continue; handler++; pats.forEach((re, i) => { if (s.some((f) => re.test(f))) hits[i]++; }); }
pats.forEach((re, i) => console.log(`${(100 * hits[i] / handler).toFixed(1).padStart(5)}%  ${re.source}`));
