// Summarises first-load.mjs output: p50 / min / max over the loads of each step
// (ms since navigation start, from the page's performance.now()).
import fs from 'node:fs';
const runs = JSON.parse(fs.readFileSync(process.argv[2]));
const q = (xs) => { xs = xs.filter((x) => Number.isFinite(x)); if (!xs.length) return '-'; const s = [...xs].sort((a, b) => a - b); return `${s[Math.floor(s.length / 2)].toFixed(0)} (${s[0].toFixed(0)}–${s[s.length - 1].toFixed(0)})`; };
const res = (l, re, k) => l.res.find((r) => re.test(r.name))?.[k] ?? NaN;
for (const kind of ['cold', 'warm']) {
  const L = runs.map((r) => r[kind]);
  const rows = {
    'HTML received (navigation responseEnd)': L.map((l) => l.nav.responseEnd),
    'glue JS received': L.map((l) => res(l, /layerlab-web-.*\.js$/, 'end')),
    'CodeMirror bundle received': L.map((l) => res(l, /editor\.bundle/, 'end')),
    '.wasm request start': L.map((l) => res(l, /layerlab-web-.*\.wasm$/, 'start')),
    '.wasm received': L.map((l) => res(l, /layerlab-web-.*\.wasm$/, 'end')),
    'worker .wasm received (two-module build)': L.map((l) => res(l, /layerlab-worker-.*\.wasm$/, 'end')),
    'worker constructed (in main())': L.map((l) => l.stamps.workerNew),
    'module instantiated + main() returned (TrunkApplicationStarted)': L.map((l) => l.stamps.appStarted),
    'UI rendered (the editor in the DOM, no analysis yet)': L.map((l) => l.stamps.uiRendered),
    'worker "Ready" received': L.map((l) => l.stamps.workerReady),
    'first analysis reply received': L.map((l) => l.stamps.firstReply),
    'first analysis painted (__layerlabFirstPaint)': L.map((l) => l.firstPaint),
    '  step: .wasm received -> instantiated + main()': L.map((l) => l.stamps.appStarted - res(l, /layerlab-web-.*\.wasm$/, 'end')),
    '  step: worker constructed -> Ready (worker start)': L.map((l) => l.stamps.workerReady - l.stamps.workerNew),
    '  worker: constructed -> its script runs': L.map((l) => l.worker?.scriptStart - l.stamps.workerNew),
    '  worker: analysis-worker.js response end (Playwright timing)': L.map((l) => l.wire.filter((w) => w.url === '/analysis-worker.js' && !w.bySW).map((w) => w.end_ms).pop() - l.stamps.workerNew),
    '  worker: script runs -> init message handled': L.map((l) => l.worker?.initMessage - l.worker?.scriptStart),
    '  worker: import(glue + CodeMirror bundle)': L.map((l) => l.worker?.glueImported - l.worker?.initMessage),
    '  worker: instantiate + main() (posts Ready)': L.map((l) => l.worker?.instantiatedAndMainRan - l.worker?.glueImported),
    '  main-thread long-task ms between worker constructed and its script running': L.map((l) => (l.longTasks ?? []).reduce((a, [s, d]) => a + Math.max(0, Math.min(s + d, l.worker?.scriptStart) - Math.max(s, l.stamps.workerNew)), 0)),
    '  step: request -> reply (first analysis, round trip)': L.map((l) => l.stamps.firstReply - l.stamps.firstRequest),
    '  step: first reply received -> painted': L.map((l) => l.firstPaint - l.stamps.firstReply),
    '  step: reply handled on the main thread': L.map((l) => l.stamps.firstReplyHandled - l.stamps.firstReply),
    '  step: reply handled -> painted': L.map((l) => l.firstPaint - l.stamps.firstReplyHandled),
  };
  console.log(`${kind} (${L.length} loads): p50 (min–max) ms`);
  for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(62)} ${q(v)}`);
  // Bytes on the wire (encoded body), page and its worker, not the service worker's precache.
  const before = L.map((l) => l.wire.filter((w) => !w.bySW && w.body > 0 && w.end_ms <= l.firstPaint));
  const total = before.map((ws) => ws.reduce((a, w) => a + w.body, 0));
  console.log(`  bytes received before the first paint (page + worker, encoded bodies): ${q(total)}`);
  const sw = L.map((l) => l.wire.filter((w) => w.bySW && w.body > 0 && w.end_ms <= l.firstPaint).reduce((a, w) => a + w.body, 0));
  console.log(`  service worker precache bytes received before the first paint: ${q(sw)}`);
  console.log('  files (first load):', before[0].map((w) => `${w.url} ${w.body}`).join(', '));
}
