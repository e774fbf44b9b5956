// One Markdown row per replay-in-worker.mjs output: p50 / p95 (ms) of the
// analysis (View.analysis_ms) and the handler, round 1 and rounds 2+, the
// fastest round per request, and the worker thread's CPU / wait for a CPU.
import fs from 'node:fs';
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const f = (xs) => `${pct(xs, 50).toFixed(2)} / ${pct(xs, 95).toFixed(2)}`;
console.log('| file | V8 flags | analysis, round 1 | handler, round 1 | analysis, rounds 2–10 | handler, rounds 2–10 | analysis, fastest round per request | worker thread: wall / CPU / waiting for a CPU (ms) | renderer ThreadPoolForeground CPU (ms) |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(file)); const n = r.requests;
  const r1 = r.replay.filter((x) => x[0] === 0), r2 = r.replay.filter((x) => x[0] > 0);
  const best = [...Array(n).keys()].map((i) => Math.min(...r2.filter((x, k) => k % n === i).map((x) => x[2])));
  const s = r.sched?.[0];
  console.log(`| ${file} | ${r.jsFlags || 'default'} | ${f(r1.map((x) => x[2]))} | ${f(r1.map((x) => x[1]))} | ${f(r2.map((x) => x[2]))} | ${f(r2.map((x) => x[1]))} | ${f(best)} | ${s ? `${s.wall_ms} / ${s.cpu_ms.toFixed(0)} / ${s.waiting_ms.toFixed(0)}` : '-'} | ${r.rendererThreads?.ThreadPoolForeg ?? 'not recorded'} |`);
}
