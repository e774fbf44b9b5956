// Sums a keystroke-profile.mjs trace (TRACE=1, <run>-trace.json) on the
// page's main thread: total duration of each kind of event, in ms per
// keystroke (events of one name nested in another of the same name counted once).
// Usage: node keystroke-trace.mjs <run.json> [TOP]
import fs from 'node:fs';
const file = process.argv[2]; const r = JSON.parse(fs.readFileSync(file));
const t = JSON.parse(fs.readFileSync(file.replace(/\.json$/, '') + '-trace.json'));
const ev = t.traceEvents ?? t;
const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && ev.some((x) => x.pid === e.pid && x.name === 'ParseHTML' || x.pid === e.pid && x.name === 'EventDispatch'));
const on = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
const sum = new Map();
const byName = new Map(); for (const e of on) (byName.get(e.name) ?? byName.set(e.name, []).get(e.name)).push(e);
for (const [n, es] of byName) { es.sort((a, b) => a.ts - b.ts); let end = -1, tot = 0; for (const e of es) { if (e.ts >= end) { tot += e.dur; end = e.ts + e.dur; } } sum.set(n, tot / 1000); }
console.log(`${file}: main thread events, ms per keystroke (${r.keys} keys, load ${r.load?.join(' ')})`);
for (const [n, v] of [...sum].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25))) console.log(`  ${(v / r.keys).toFixed(2).padStart(7)}  ${n}`);
