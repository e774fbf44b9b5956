// Per-request figures from worker-profile.mjs runs: p50 / p95 (ms) of the
// page's analysis time, the worker's handler, its parts, and the messages.
import fs from 'node:fs';
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const f = (xs) => xs.length ? `${pct(xs, 50).toFixed(2)} / ${pct(xs, 95).toFixed(2)}` : '-';
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(file));
  const seq = (h) => Number((/"seq":(\d+)/.exec(h) ?? [])[1]);
  const sent = new Map(r.main.sent.map((x) => [seq(x.head), x]));
  const recv = new Map(r.main.recv.filter((x) => x.head.startsWith('{"Page"')).map((x) => [seq(x.head), x]));
  const rows = r.worker.filter((w) => w.head.startsWith('{"Page"')).map((w) => ({ w, s: sent.get(seq(w.head)), m: recv.get(seq(w.head)) })).filter((x) => x.s && x.m);
  const a = r.analysis.filter((x) => x > 0);
  const out = {
    'analysis (page figure: analyze() only)': a,
    'worker handler: message in -> handler returns': rows.map((x) => x.w.out - x.w.in),
    'worker: postMessage call': rows.map((x) => x.w.posted - x.w.post),
    'main -> worker (postMessage to handler start)': rows.map((x) => x.w.in - x.s.at),
    'worker -> main (postMessage to handler start)': rows.map((x) => x.m.at - x.w.post),
    'round trip main send -> main receive': rows.map((x) => x.m.at - x.s.at),
    'main thread handling of the reply': rows.map((x) => x.m.done - x.m.at),
    'request bytes': rows.map((x) => x.w.inLen), 'reply bytes': rows.map((x) => x.w.outLen),
  };
  console.log(`${file}: ${a.length} analyses (of ${r.analysis.length}), ${rows.length} matched requests, isolated ${r.crossOriginIsolated}`);
  for (const [k, v] of Object.entries(out)) console.log(`  ${k.padEnd(48)} ${f(v)}`);
}
