// Issue 15, aim "seed files: analysis p95 <= 1 ms": where the worker's time
// goes while typing into seed 05. Serves dist-inst/ (dist-base with
// worker-stamps.js prepended to analysis-worker.js), opens seed 05 as
// tests/e2e/bench.spec.ts does, types KEYS characters at the end (a newline
// every tenth), and records: the page's analysis times (layerlabAnalysisTimes),
// stamps on both sides of the worker's messages, and (PROFILE=1) a V8 CPU
// profile of the dedicated worker (CDP Profiler on the worker's target,
// reached with Target.setAutoAttach from the page's session).
// Usage: [COI=1] [PROFILE=1] [INTERVAL_US=50] [KEYS=200] node worker-profile.mjs <out.json>
import { launch, openSeed05, attachWorker } from './browser.mjs';
import { start } from './serve.mjs';
import fs from 'node:fs';

const PORT = 8421, KEYS = Number(process.env.KEYS ?? 200), PROFILE = process.env.PROFILE === '1';
const server = await start(new URL('./dist-inst', import.meta.url).pathname, PORT, { coi: process.env.COI === '1' });
const { browser, context } = await launch();
const page = await context.newPage();
await page.addInitScript(() => {
  const now = () => performance.timeOrigin + performance.now();
  const w = window; w.__sent = []; w.__recv = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (m, ...r) { if (typeof m === 'string') w.__sent.push({ at: now(), len: m.length, head: m.slice(0, 40) }); return post.call(this, m, ...r); };
  const d = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', { configurable: true, get() { return d.get.call(this); },
    set(fn) { d.set.call(this, fn && function (e) { const at = now(); try { return fn.call(this, e); } finally { w.__recv.push({ at, done: now(), len: typeof e.data === 'string' ? e.data.length : -1, head: typeof e.data === 'string' ? e.data.slice(0, 40) : '' }); } }); } });
});
const base = `http://127.0.0.1:${PORT}`;
await openSeed05(page, base);

const { send } = await attachWorker(context, page);
const workerStamps = () => send('Runtime.evaluate', { expression: 'JSON.stringify(self.__stamps.splice(0))', returnByValue: true }).then((r) => JSON.parse(r.result.value));
if (PROFILE) { await send('Profiler.enable'); await send('Profiler.setSamplingInterval', { interval: Number(process.env.INTERVAL_US ?? 50) }); }

await page.evaluate(() => { window.wasmBindings.layerlabAnalysisTimes(); window.__sent.length = 0; window.__recv.length = 0; });
await workerStamps();
await page.locator('.cm-content').click();
await page.keyboard.press('ControlOrMeta+End');
await page.waitForTimeout(300);
await page.evaluate(() => { window.wasmBindings.layerlabAnalysisTimes(); window.__sent.length = 0; window.__recv.length = 0; });
await workerStamps();
// Linux scheduler figures of the worker thread and CPU of every thread of its
// renderer process, over the typing (as in replay-in-worker.mjs).
const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
const wpid = pids.find((pid) => { try { return fs.readdirSync(`/proc/${pid}/task`).some((t) => /DedicatedWorker/.test(fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8'))); } catch { return false; } });
const snap = () => { const out = {}; for (const t of fs.readdirSync(`/proc/${wpid}/task`)) { try { out[t] = [fs.readFileSync(`/proc/${wpid}/task/${t}/comm`, 'utf8').trim(), ...fs.readFileSync(`/proc/${wpid}/task/${t}/schedstat`, 'utf8').trim().split(' ').map(Number)]; } catch {} } return out; };
const s0 = snap(), wall0 = Date.now();
if (PROFILE) await send('Profiler.start');
for (let i = 0; i < KEYS; i++) await page.keyboard.type(i % 10 === 9 ? '\n' : 'x');
await page.waitForTimeout(300);
const s1 = snap(), wall = Date.now() - wall0, threads = {};
for (const [t, [name, cpu, wait]] of Object.entries(s1)) { const b = s0[t] ?? [name, 0, 0]; const x = (threads[name] ??= { cpu_ms: 0, waiting_ms: 0 }); x.cpu_ms += (cpu - b[1]) / 1e6; x.waiting_ms += (wait - b[2]) / 1e6; }
console.log('wall ms', wall, 'renderer threads (cpu, waiting for a CPU):', JSON.stringify(Object.fromEntries(Object.entries(threads).filter(([, v]) => v.cpu_ms > 5).map(([k, v]) => [k, [Math.round(v.cpu_ms), Math.round(v.waiting_ms)]]))));
const profile = PROFILE ? (await send('Profiler.stop')).profile : null;
const analysis = await page.evaluate(() => Array.from(window.wasmBindings.layerlabAnalysisTimes()));
const main = await page.evaluate(() => ({ sent: window.__sent, recv: window.__recv }));
const worker = await workerStamps();
const crossOriginIsolated = await page.evaluate(() => self.crossOriginIsolated);
fs.writeFileSync(process.argv[2], JSON.stringify({ keys: KEYS, crossOriginIsolated, analysis, main, worker, profile }));
console.log(`wrote ${process.argv[2]}: ${analysis.length} analyses, ${worker.length} worker requests, isolated ${crossOriginIsolated}${profile ? `, ${profile.samples.length} samples` : ''}`);
await browser.close(); server.close();
