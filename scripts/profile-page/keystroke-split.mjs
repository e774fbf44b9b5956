// Per keystroke, where the time from keydown to updated panels goes
// (keystroke-profile.mjs output): p50 / p95 of each part, in ms.
// Usage: node keystroke-split.mjs <run.json>...
import fs from 'node:fs';
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const parts = [
  ['keydown -> its request posted (editor, state, render, encode; waits while a request is out)', (k) => k.sent.at - k.key],
  ['  of which the request waited for the worker (keystrokes)', null],
  ['request posted -> worker handler starts', (k) => k.w.in - k.sent.at],
  ['worker handler (decode, analysis, view, delta, encode)', (k) => k.w.post - k.w.in],
  ['  of which the analysis (analysis_ms)', (k) => k.analysis],
  ['  the rest (decode, view, delta, encode)', (k) => k.w.post - k.w.in - k.analysis],
  ['reply posted -> page handler starts', (k) => k.r.at - k.w.post],
  ['page handler (decode, apply the delta, dispatch)', (k) => k.r.done - k.r.at],
  ['page handler end -> panels shown (render, effects)', (k) => k.shown - k.r.done],
  ['keydown -> panels shown', (k) => k.shown - k.key],
];
const rows = new Map(parts.map(([n]) => [n, []]));
const waited = [];
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(file)); const m = r.main;
  const pages = m.recv.filter((x) => x.kind === 1);
  const analysisBySeq = new Map(pages.map((x, i) => [x.seq, m.analysis[i]]));
  m.keys.forEach((key, i) => {
    const len = r.startLen + i + 1;
    const sent = m.sent.find((s) => s.kind === 0 && s.at >= key);
    const shownE = m.shown.find(([l, t]) => l >= len && m.origin + t >= key);
    if (!sent || !shownE) return;
    const w = r.worker.find((x) => x.seq === sent.seq && x.kind === 0);
    const rr = pages.find((x) => x.seq === sent.seq);
    if (!w || !rr) return;
    const k = { key, sent, w, r: rr, shown: m.origin + shownE[1], analysis: analysisBySeq.get(sent.seq) };
    // A request was out when the key went down: this one waited for its reply.
    waited.push(m.sent.some((s) => s.kind === 0 && s.at < key && (pages.find((x) => x.seq === s.seq)?.done ?? Infinity) > key) ? 1 : 0);
    for (const [n, f] of parts) if (f) rows.get(n).push(f(k));
  });
  console.log(`${file}: ${m.keys.length} keys, ${m.sent.length} requests, load ${r.load?.join(' ')}, dist ${r.dist}`);
}
console.log('| part | p50 | p95 |\n| --- | ---: | ---: |');
for (const [n, f] of parts) {
  if (!f) { console.log(`| ${n} | ${waited.filter((x) => x).length} of ${waited.length} | |`); continue; }
  const xs = rows.get(n).filter((x) => x !== undefined);
  console.log(`| ${n} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} |`);
}
