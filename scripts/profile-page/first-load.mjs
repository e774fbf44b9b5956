// Issue 15, aim "first analysis painted <= 150 ms p50": one load broken into
// its steps. Serves dist-base with its precompressed .gz files
// (Content-Encoding: gzip, as a host that serves them), and for each of RUNS
// rounds: a cold load (a new browser: empty HTTP cache, no service worker, no
// code cache) and, 3 s later in the same browser, a warm load (second visit:
// HTTP cache, the service worker's cache). Per load: Navigation/Resource
// Timing of the page, stamps set by an init script (the glue's module start,
// TrunkApplicationStarted = module instantiated and main() run, Worker
// constructed, its first message "Ready", the first analysis request and
// reply), the page's own __layerlabFirstPaint, and every response's
// encoded (on-the-wire) body bytes from Playwright's request.sizes(),
// the page's and its worker's, split at the first paint.
// Usage: [RUNS=7] [TRACE=1] [PORT=8424] [DIST=dist-base] node first-load.mjs <out.json>
import { launch } from './browser.mjs';
import { start } from './serve.mjs';
import fs from 'node:fs';

const PORT = Number(process.env.PORT ?? 8424), RUNS = Number(process.env.RUNS ?? 7), base = `http://127.0.0.1:${PORT}`;
const server = await start(new URL('./' + (process.env.DIST ?? 'dist-base'), import.meta.url).pathname, PORT, { gzip: process.env.GZIP !== '0' });
const init = () => {
  const w = window, now = () => performance.now();
  w.__st = {}; w.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', () => { w.__st.appStarted = now(); });
  // The UI's first render: the editor's host in the DOM (text shown, no analysis yet).
  new MutationObserver((_, o) => { if (document.querySelector('[data-testid="code-editor"]')) { w.__st.uiRendered ??= now(); o.disconnect(); } }).observe(document, { childList: true, subtree: true });
  // A page request or reply in either protocol: JSON text (up to 168b0a0) or
  // borsh bytes, the variant first (web/src/worker.rs).
  const bytes = (d) => d instanceof Uint8Array;
  const isPageRequest = (m) => (typeof m === 'string' ? m.startsWith('{"Page"') : bytes(m) && m[0] === 0);
  const isReady = (d) => d === '"Ready"' || (bytes(d) && d.length === 1 && d[0] === 0);
  const isPageReply = (d) => (typeof d === 'string' ? d.startsWith('{"Page"') : bytes(d) && d.length > 1 && d[0] === 1);
  const W = w.Worker;
  w.Worker = class extends W {
    constructor(...a) { w.__st.workerNew ??= now(); super(...a); }
    postMessage(m, ...r) { if (isPageRequest(m)) w.__st.firstRequest ??= now(); else if (typeof m !== 'string' && !bytes(m)) w.__st.workerInitPosted ??= now(); return super.postMessage(m, ...r); }
    set onmessage(fn) { super.onmessage = fn && ((e) => { const t = now(); const page = isPageReply(e.data); if (isReady(e.data)) w.__st.workerReady ??= t; else if (page) w.__st.firstReply ??= t; const r = fn(e); if (page) w.__st.firstReplyHandled ??= now(); return r; }); }
    get onmessage() { return super.onmessage; }
  };
};
async function load(page, responses) {
  responses.length = 0;
  await page.goto(base + '/', { waitUntil: 'commit' });
  await page.getByTestId('image-size').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => window.__layerlabFirstPaint !== undefined);
  const m = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((r) => ({ name: r.name.replace(location.origin, ''), start: r.startTime, end: r.responseEnd, transfer: r.transferSize, encoded: r.encodedBodySize, sw: r.workerStart > 0 }));
    return { origin: performance.timeOrigin, firstPaint: window.__layerlabFirstPaint, stamps: window.__st, longTasks: window.__long, nav: { responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, transfer: nav.transferSize, encoded: nav.encodedBodySize }, res };
  });
  const ws = await page.workers().find((w) => w.url().includes('analysis-worker'))?.evaluate(() => self.__ws ?? null).catch(() => null);
  if (ws) m.worker = Object.fromEntries(Object.entries(ws).map(([k, v]) => [k, v - m.origin]));
  await page.waitForTimeout(500);
  const wire = [];
  for (const r of responses) {
    const s = await r.request().sizes().catch(() => null); const t = r.request().timing();
    wire.push({ url: r.url().replace(base, ''), bySW: !!r.request().serviceWorker(), status: r.status(), fromSW: r.fromServiceWorker(), body: s?.responseBodySize ?? -1, headers: s?.responseHeadersSize ?? -1, end_ms: t.startTime + t.responseEnd - m.origin, start_ms: t.startTime - m.origin, reqStart_ms: t.requestStart, respStart_ms: t.responseStart });
  }
  return { ...m, wire };
}
const runs = [];
for (let i = 0; i < RUNS; i++) {
  const { browser, context } = await launch({ serviceWorkers: process.env.NOSW === '1' ? 'block' : 'allow' });
  await context.addInitScript(init);
  const responses = [];
  context.on('response', (r) => responses.push(r));
  const page = await context.newPage();
  let trace = null;
  if (process.env.TRACE === '1' && i === 0) await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink', 'loading', 'disabled-by-default-devtools.timeline'] });
  const cold = await load(page, responses);
  if (process.env.TRACE === '1' && i === 0) fs.writeFileSync(process.argv[2].replace(/\.json$/, '') + '-trace-cold.json', await browser.stopTracing());
  await page.waitForTimeout(3000);
  if (process.env.TRACE === '1' && i === 0) await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink', 'loading', 'disabled-by-default-devtools.timeline'] });
  const warm = await load(page, responses);
  if (process.env.TRACE === '1' && i === 0) fs.writeFileSync(process.argv[2].replace(/\.json$/, '') + '-trace-warm.json', await browser.stopTracing());
  runs.push({ cold, warm });
  console.log(`run ${i + 1}: cold first paint ${cold.firstPaint.toFixed(0)} ms, warm ${warm.firstPaint.toFixed(0)} ms`);
  await browser.close();
}
fs.writeFileSync(process.argv[2], JSON.stringify(runs));
server.close();
