// Issue 15, aim "5,000-line file: keystroke -> updated panels p95 <= 16 ms":
// where one keystroke's time goes. Serves DIST (default dist-inst: the
// worker's messages stamped by worker-stamps.js), opens bigDockerfile(5000)
// through a share link and types as tests/e2e/bench.spec.ts does (40 keys to
// warm up, then KEYS 'x' one every GAP ms at the end), and records, in epoch
// ms: each keydown, each request the page posts and each reply it handles
// (with their `seq`, read from the borsh bytes), the worker's stamps, each
// `__layerlabShown` entry, and (PROFILE=1) V8 CPU profiles of the main
// thread and of the worker over the typing. Summary: keystroke-split.mjs.
// Usage: [DIST=dir] [PORT=8462] [PROFILE=1] [KEYS=30] [GAP=60] node keystroke-profile.mjs <out.json>
import { launch, attachWorker } from './browser.mjs';
import { start } from './serve.mjs';
import fs from 'node:fs';
import zlib from 'node:zlib';

const PORT = Number(process.env.PORT ?? 8462), KEYS = Number(process.env.KEYS ?? 30), GAP = Number(process.env.GAP ?? 60);
const PROFILE = process.env.PROFILE === '1', INTERVAL = Number(process.env.INTERVAL_US ?? 100);
const DIST = process.env.DIST ?? new URL('./dist-inst', import.meta.url).pathname;

// As tests/e2e/helpers.ts writes them.
function bigDockerfile(lines) {
  const out = []; let stage = 0;
  while (out.length < lines) {
    out.push(stage === 0 ? 'FROM python:3.12-slim AS s0' : `FROM s${stage - 1} AS s${stage}`);
    for (let i = 0; i < 48; i++) { const k = stage * 100 + i; out.push(i % 4 === 0 ? `ENV V${k}=value${k}` : i % 4 === 1 ? `RUN echo step ${k} > /tmp/f${k}` : i % 4 === 2 ? `COPY f${k}.txt /app/f${k}.txt` : `WORKDIR /app/d${k}`); }
    out.push(''); stage++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}
const shareLink = (text) => { const f = (s) => `${Buffer.byteLength(s)}:${s}`; return '#v1.' + zlib.deflateRawSync(Buffer.from(f(text) + f('') + f('0')), { level: 9 }).toString('base64url'); };

const server = await start(DIST, PORT, { gzip: true });
const { browser, context } = await launch();
const page = await context.newPage();
await page.addInitScript(() => {
  const now = () => performance.timeOrigin + performance.now();
  const seqOf = (m) => (m instanceof Uint8Array && m.length >= 9 ? Number(new DataView(m.buffer, m.byteOffset + 1, 8).getBigUint64(0, true)) : -1);
  const w = window; w.__sent = []; w.__recv = []; w.__keys = [];
  document.addEventListener('keydown', () => w.__keys.push(now()), { capture: true });
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (m, ...r) { if (m instanceof Uint8Array) w.__sent.push({ at: now(), len: m.length, kind: m[0], seq: seqOf(m) }); return post.call(this, m, ...r); };
  const d = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', { configurable: true, get() { return d.get.call(this); },
    set(fn) { d.set.call(this, fn && function (e) { const at = now(), m = e.data; const rec = { at, len: m instanceof Uint8Array ? m.length : -1, kind: m instanceof Uint8Array ? m[0] : -1, seq: seqOf(m) }; try { return fn.call(this, e); } finally { rec.done = now(); w.__recv.push(rec); } }); } });
});
const base = `http://127.0.0.1:${PORT}`;
await page.goto(base + '/');
await page.evaluate(() => localStorage.clear());
const big = bigDockerfile(5000);
await page.goto(base + '/' + shareLink(big));
await page.locator('.stage-graph [data-stage="s0"]').waitFor({ timeout: 90_000 });
const { send, evalW } = await attachWorker(context, page);
// Warm up as the bench does (40 keys at typing speed), then settle.
await page.locator('.cm-content').click();
await page.keyboard.press('ControlOrMeta+End');
for (let i = 0; i < 40; i++) await page.keyboard.type(i % 10 === 9 ? '\n' : 'x');
await page.waitForTimeout(1500);
const cdp = await context.newCDPSession(page);
if (PROFILE) {
  await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL });
  await send('Profiler.enable'); await send('Profiler.setSamplingInterval', { interval: INTERVAL });
}
// The panels show the current text: its length is the last one logged.
const startLen = await page.evaluate(() => { const w = window; const log = w.__layerlabShown; w.__sent.length = 0; w.__recv.length = 0; w.__keys.length = 0; w.__layerlabShown = []; w.wasmBindings.layerlabAnalysisTimes(); return log[log.length - 1][0]; });
await evalW('self.__stamps.length = 0; self.__reqLog.length = 0; 0');
if (PROFILE) { await cdp.send('Profiler.start'); await send('Profiler.start'); }
// TRACE=1: Chromium's trace of the typing (style, layout, paint: the work a
// CPU profile shows as "(program)"); keystroke-trace.mjs sums it.
if (process.env.TRACE === '1') await browser.startTracing(page, { path: process.argv[2].replace(/\.json$/, '') + '-trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute'] });
const t0 = Date.now();
for (let i = 0; i < KEYS; i++) { await page.keyboard.type('x'); await page.waitForTimeout(GAP); }
await page.waitForTimeout(1500);
const wall = Date.now() - t0;
if (process.env.TRACE === '1') await browser.stopTracing();
const mainProfile = PROFILE ? (await cdp.send('Profiler.stop')).profile : null;
const workerProfile = PROFILE ? (await send('Profiler.stop')).profile : null;
const main = await page.evaluate(() => ({ keys: window.__keys, sent: window.__sent, recv: window.__recv, shown: window.__layerlabShown, origin: performance.timeOrigin, analysis: Array.from(window.wasmBindings.layerlabAnalysisTimes()) }));
const worker = JSON.parse(await evalW('JSON.stringify(self.__stamps)'));
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
fs.writeFileSync(process.argv[2], JSON.stringify({ dist: DIST, keys: KEYS, gap: GAP, wall, load, startLen, main, worker, mainProfile, workerProfile }));
console.log(`wrote ${process.argv[2]}: ${main.keys.length} keys, ${main.sent.length} requests, ${worker.length} worker stamps, ${main.shown.length} shown, load ${load.join(' ')}${PROFILE ? `, samples main ${mainProfile.samples.length} worker ${workerProfile.samples.length}` : ''}`);
await browser.close(); server.close();
