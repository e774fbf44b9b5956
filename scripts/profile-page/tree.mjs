// Prints a CPU profile's (worker-profile.mjs output) top-down tree with wasm
// function names from target/named.wasm (same function indices as dist's module:
// see FINDINGS.md), sample counts inclusive, down to MIN samples.
import fs from 'node:fs';
import { names } from './wasm-names.mjs';
// The release module with its names kept (see README.md).
const NAMED = process.env.NAMED_WASM || new URL('../../target/named.wasm', import.meta.url).pathname;
const nm = names(NAMED);
const r = JSON.parse(fs.readFileSync(process.argv[2]));
const p = r.profile, MIN = Number(process.argv[3] ?? 5), DEPTH = Number(process.argv[4] ?? 30);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const count = new Map(); for (const s of p.samples) count.set(s, (count.get(s) ?? 0) + 1);
const incl = (n) => (n._i ??= (count.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + incl(byId.get(c)), 0));
export const fname = (cf) => { const m = /^wasm-function\[(\d+)\]$/.exec(cf.functionName); return m ? (nm.get(Number(m[1])) ?? cf.functionName).replace(/::h[0-9a-f]{16}$/, '') : (cf.functionName || '(anon ' + cf.url.split('/').pop() + ':' + cf.lineNumber + ')'); };
const walk = (n, d) => { if (incl(n) < MIN || d > DEPTH) return; console.log(' '.repeat(d) + incl(n) + ' ' + (count.get(n.id) ?? 0) + ' ' + fname(n.callFrame).slice(0, 150)); for (const c of n.children ?? []) walk(byId.get(c), d + 1); };
walk(p.nodes[0], 0);
