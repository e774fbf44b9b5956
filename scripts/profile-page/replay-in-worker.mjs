// The worker alone, without the page's main thread in the way: types KEYS
// characters into seed 05 (as worker-profile.mjs), then, inside the worker
// (CDP Runtime.evaluate on its target), calls the worker's own message handler
// with the recorded requests ROUNDS times in a row (replies not posted), timing
// each call (performance.now(), 5 µs when cross-origin isolated) and reading
// the analysis time the reply carries (View.analysis_ms). PROFILE=1 records a
// CPU profile of the replay (Profiler.setSamplingInterval INTERVAL_US).
// Usage: COI=1 [PROFILE=1] [JS_FLAGS=...] [ROUNDS=10] node replay-in-worker.mjs <out.json>
import { launch, openSeed05, attachWorker } from './browser.mjs';
import { start } from './serve.mjs';
import fs from 'node:fs';

const PORT = 8423, KEYS = Number(process.env.KEYS ?? 20), ROUNDS = Number(process.env.ROUNDS ?? 10), PROFILE = process.env.PROFILE === '1';
const server = await start(new URL('./dist-inst', import.meta.url).pathname, PORT, { coi: process.env.COI === '1' });
const { browser, context } = await launch();
const page = await context.newPage();
const base = `http://127.0.0.1:${PORT}`;
await openSeed05(page, base);

const { send, evalW } = await attachWorker(context, page);

await evalW('self.__reqLog.length = 0');
await page.locator('.cm-content').click();
await page.keyboard.press('ControlOrMeta+End');
for (let i = 0; i < KEYS; i++) await page.keyboard.type(i % 10 === 9 ? '\n' : 'x');
await page.waitForTimeout(500);
// The page coalesces requests while its main thread is busy: the replay's
// requests are built from the first one the page sent, one per keystroke
// (SYNTH keystrokes, a newline every tenth, as the bench types).
const n = await evalW(`(() => {
  const first = JSON.parse(self.__reqLog.find((q) => q.startsWith('{"Page"')));
  let text = first.Page.input.text; self.__reqLog = [];
  for (let i = 0; i < ${Number(process.env.SYNTH ?? 200)}; i++) {
    text += i % 10 === 9 ? '\\n' : 'x'; first.Page.seq = 100000 + i; first.Page.input.text = text;
    self.__reqLog.push(JSON.stringify(first));
  }
  return self.__reqLog.length; })()`);
// Linux scheduler figures of the browser's worker threads (cpu ns, ns waiting
// for a CPU, slices): how much of the replay's wall time the thread ran.
const sched = () => { const out = {}; for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) { let tasks; try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; } for (const t of tasks) { try { if (/DedicatedWorker/.test(fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8'))) out[t] = fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').trim().split(' ').map(Number); } catch {} } } return out; };
// Every thread of the worker's renderer process, by name: CPU ms during the replay.
const workerPid = () => { for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) { try { for (const t of fs.readdirSync(`/proc/${pid}/task`)) if (/DedicatedWorker/.test(fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8'))) return pid; } catch {} } };
const procThreads = (pid) => { const out = {}; for (const t of fs.readdirSync(`/proc/${pid}/task`)) { try { out[t] = [fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim(), Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0])]; } catch {} } return out; };
const rpid = workerPid(), threadsBefore = procThreads(rpid);
const before = sched(), wallStart = Date.now();
if (PROFILE) { await send('Profiler.enable'); await send('Profiler.setSamplingInterval', { interval: Number(process.env.INTERVAL_US ?? 50) }); await send('Profiler.start'); }
const replay = await evalW(`(() => {
  const out = []; self.__suppress = true;
  for (let r = 0; r < ${ROUNDS}; r++) for (const q of self.__reqLog) {
    const t0 = performance.now(); self.__handler({ data: q }); const t1 = performance.now();
    const a = /"analysis_ms":([0-9.e-]+)/.exec(self.__lastReply);
    out.push([r, t1 - t0, a ? Number(a[1]) : -1, q.length, self.__lastReply.length]);
  }
  self.__suppress = false; return out; })()`);
const wall = Date.now() - wallStart, after = sched();
const schedDelta = Object.keys(after).filter((t) => before[t]).map((t) => ({ tid: t, wall_ms: wall, cpu_ms: (after[t][0] - before[t][0]) / 1e6, waiting_ms: (after[t][1] - before[t][1]) / 1e6, slices: after[t][2] - before[t][2] })).filter((x) => x.cpu_ms > 10);
const threadsAfter = procThreads(rpid), byName = {};
for (const [t, [name, ns]] of Object.entries(threadsAfter)) byName[name] = (byName[name] ?? 0) + (ns - (threadsBefore[t]?.[1] ?? 0)) / 1e6;
const rendererThreads = Object.fromEntries(Object.entries(byName).filter(([, ms]) => ms >= 5).map(([k, ms]) => [k, Math.round(ms)]));
const profile = PROFILE ? (await send('Profiler.stop')).profile : null;
const isolated = await evalW('self.crossOriginIsolated');
fs.writeFileSync(process.argv[2], JSON.stringify({ keys: KEYS, requests: n, rounds: ROUNDS, isolated, jsFlags: process.env.JS_FLAGS ?? '', sched: schedDelta, rendererThreads, replay, profile }));
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const show = (rows, label) => console.log(`${label}: handler p50 ${pct(rows.map((x) => x[1]), 50).toFixed(3)} p95 ${pct(rows.map((x) => x[1]), 95).toFixed(3)} | analysis p50 ${pct(rows.map((x) => x[2]), 50).toFixed(3)} p95 ${pct(rows.map((x) => x[2]), 95).toFixed(3)} ms (n ${rows.length})`);
console.log(JSON.stringify(schedDelta), 'renderer threads cpu ms', JSON.stringify(rendererThreads));
console.log(`${process.argv[2]}: ${n} requests x ${ROUNDS} rounds, isolated ${isolated}, flags '${process.env.JS_FLAGS ?? ''}'`);
show(replay.filter((x) => x[0] === 0), '  round 1');
show(replay.filter((x) => x[0] > 0), '  rounds 2+');
// Per request, the fastest of its rounds: the cost without the machine's other work.
const best = [...Array(n).keys()].map((i) => replay.filter((x, k) => k % n === i && x[0] > 0).reduce((a, x) => [0, Math.min(a[1], x[1]), Math.min(a[2], x[2])], [0, 1e9, 1e9]));
show(best, '  fastest of rounds 2+ per request');
await browser.close(); server.close();
