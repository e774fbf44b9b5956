// CPU profile of the page's main thread during a cold load (new browser,
// empty caches), from navigation to the first analysis painted; also stamps
// when the worker was constructed and when its script started (dist-inst2).
// Usage: node main-profile.mjs <out.json>; then node tree.mjs <out.json> 10 25
import { launch } from './browser.mjs';
import { start } from './serve.mjs';
import fs from 'node:fs';
const PORT = 8425, base = `http://127.0.0.1:${PORT}`;
const server = await start(new URL('./dist-inst2', import.meta.url).pathname, PORT, { gzip: true });
const { browser, context } = await launch();
const page = await context.newPage();
await page.goto(base + '/favicon.svg'); // same origin first, so the profiled navigation keeps this renderer
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start');
await page.goto(base + '/', { waitUntil: 'commit' });
await page.waitForFunction(() => window.__layerlabFirstPaint !== undefined, null, { timeout: 60_000 });
const { profile } = await cdp.send('Profiler.stop');
const firstPaint = await page.evaluate(() => window.__layerlabFirstPaint);
fs.writeFileSync(process.argv[2], JSON.stringify({ firstPaint, profile }));
console.log('first paint', firstPaint, 'samples', profile.samples.length);
await browser.close(); server.close();
