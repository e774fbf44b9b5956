// From a Chromium trace (first-load.mjs TRACE=1): total duration per event name
// and thread for WebAssembly and compile events, and the worker thread's tasks
// over 2 ms (ms since the first ResourceSendRequest).
import fs from 'node:fs';
const t = JSON.parse(fs.readFileSync(process.argv[2])); const ev = t.traceEvents ?? t;
const tid = new Map(); for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') tid.set(e.pid + ':' + e.tid, e.args.name);
const agg = new Map();
for (const e of ev) { if (!/wasm|Wasm|compile|Compile/.test(e.name) || !(e.dur > 0)) continue; const k = e.name + ' @' + (tid.get(e.pid + ':' + e.tid) ?? e.tid); const a = agg.get(k) ?? [0, 0]; a[0]++; a[1] += e.dur / 1000; agg.set(k, a); }
for (const [k, [n, ms]] of [...agg].sort((a, b) => b[1][1] - a[1][1]).slice(0, 20)) console.log(`${ms.toFixed(1).padStart(8)} ms ${String(n).padStart(5)}x ${k}`);
const t0 = Math.min(...ev.filter((e) => e.name === 'ResourceSendRequest').map((e) => e.ts));
console.log('worker thread tasks over 2 ms (start, duration):');
for (const e of ev) if (/DedicatedWorker/.test(tid.get(e.pid + ':' + e.tid) ?? '') && e.dur >= 2000 && /RunTask|compileModule|evaluateModule|FunctionCall|CompileLazy/.test(e.name)) console.log(`  ${((e.ts - t0) / 1000).toFixed(1).padStart(8)} ${(e.dur / 1000).toFixed(1).padStart(7)} ${e.name} ${e.args?.data?.url?.split('/').pop() ?? ''}`);
console.log('main thread tasks over 10 ms:');
for (const e of ev) if (tid.get(e.pid + ':' + e.tid) === 'CrRendererMain' && e.name === 'RunTask' && e.dur >= 10000) console.log(`  ${((e.ts - t0) / 1000).toFixed(1).padStart(8)} ${(e.dur / 1000).toFixed(1).padStart(7)}`);
