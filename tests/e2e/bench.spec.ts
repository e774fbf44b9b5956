// Browser benchmarks (measured and printed, never asserted): analysis time
// per keystroke on a seed file and on a 5,000-line Dockerfile, first-load
// transfer (gzip), and time from navigation to the first analysis painted.
// Results go to tests/e2e/test-results/bench.json and the console; the
// figures in BENCHMARKS.md come from here.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { bigDockerfile, shareLink } from './helpers';

// No trace: Playwright's trace takes a DOM snapshot at every action, on
// the page's main thread, which would be measured as the page's own work.
test.use({ trace: 'off' });

const dist = path.resolve(__dirname, '..', '..', 'dist');
const out = path.join(__dirname, 'test-results', 'bench.json');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function keystrokeTimes(page: Page, n: number): Promise<number[]> {
  await page.evaluate(() => (window as any).wasmBindings.layerlabAnalysisTimes());
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  for (let i = 0; i < n; i++) await page.keyboard.type(i % 10 === 9 ? '\n' : 'x');
  await page.waitForTimeout(200);
  return page.evaluate(() => Array.from((window as any).wasmBindings.layerlabAnalysisTimes() as number[]));
}

/**
 * Keystroke to panels: types `n` characters at the end of the file, one
 * every `gapMs`, and for each keystroke takes the time from its `keydown` to
 * the first time the panels show an analysis of a text that includes it
 * (the page logs `[text bytes, ms]` in `__layerlabShown` whenever the panels
 * show a new analysis). Also records every main-thread long task (> 50 ms)
 * while typing.
 */
async function keystrokeToPanel(page: Page, n: number, gapMs: number) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.waitForTimeout(500);
  // The panels show the current text: its length is the last one logged.
  const startLen = await page.evaluate(() => {
    const w = window as any;
    const log = w.__layerlabShown as [number, number][];
    w.__keys = [];
    w.__longTasks = [];
    w.__layerlabShown = [];
    // Once per document (opening a link is a same-document navigation).
    if (!w.__benchListening) {
      w.__benchListening = true;
      document.addEventListener('keydown', () => w.__keys.push(performance.now()), { capture: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    }
    return log[log.length - 1][0];
  });
  for (let i = 0; i < n; i++) {
    await page.keyboard.type('x');
    await page.waitForTimeout(gapMs);
  }
  await page.waitForTimeout(3000);
  const { keys, shown, longTasks } = await page.evaluate(() => {
    const w = window as any;
    return { keys: w.__keys as number[], shown: w.__layerlabShown as [number, number][], longTasks: w.__longTasks as number[] };
  });
  // The text length after keystroke i is startLen + i + 1 (ASCII 'x').
  const latencies: number[] = [];
  keys.forEach((at, i) => {
    const len = startLen + i + 1;
    const hit = shown.find(([l, t]) => l >= len && t >= at);
    if (hit) latencies.push(hit[1] - at);
  });
  return {
    keystrokes: keys.length,
    shown: latencies.length,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    max: Math.max(...latencies),
    long_tasks: longTasks.length,
    long_task_max_ms: longTasks.length ? Math.max(...longTasks) : 0,
  };
}

// Opt-in (it takes about two minutes): LAYERLAB_BENCH=1 scripts/bench.
test('browser benchmarks', async ({ page }) => {
  test.skip(!process.env.LAYERLAB_BENCH, 'set LAYERLAB_BENCH=1 (scripts/bench) to run the benchmarks');
  test.setTimeout(240_000);
  const results: Record<string, unknown> = {};

  // First-load transfer: what the page fetches, gzip -9.
  const files = fs.readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f)).map((f) => path.join(dist, f));
  const snippets = path.join(dist, 'snippets');
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
  if (fs.existsSync(snippets)) files.push(...walk(snippets).filter((f) => f.endsWith('.js')));
  const transfer: Record<string, number> = {};
  for (const f of files) transfer[path.relative(dist, f)] = zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
  results.transfer_gzip_bytes = transfer;
  results.transfer_gzip_total = Object.values(transfer).reduce((a, b) => a + b, 0);

  // Time from navigation to the first analysis painted (ms), 7 cold-ish loads.
  const firsts: number[] = [];
  for (let i = 0; i < 7; i++) {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.goto('/');
    await expect(page.getByTestId('image-size')).toBeVisible();
    firsts.push(await page.evaluate(() => (window as any).__layerlabFirstPaint as number));
  }
  results.first_analysis_painted_ms = { p50: pct(firsts, 50), max: Math.max(...firsts), runs: firsts };

  // Per keystroke on seed 05.
  await page.getByTestId('examples').click();
  await page.locator('[data-example="seed-05"]').click();
  await expect(page.locator('[data-rule="pip-no-cache-dir"]')).toBeVisible();
  const seed = await keystrokeTimes(page, 200);
  results.keystroke_to_panel_seed05_ms = await keystrokeToPanel(page, 30, 60);
  results.keystroke_seed05_ms = { n: seed.length, p50: pct(seed, 50), p95: pct(seed, 95), max: Math.max(...seed) };

  // Per keystroke on a 5,000-line Dockerfile (loaded through a share link).
  const big = bigDockerfile(5000);
  await page.goto('/' + shareLink(big));
  await expect(page.locator('.stage-graph [data-stage="s0"]')).toBeVisible();
  const bigTimes = await keystrokeTimes(page, 40);
  results.keystroke_5000_lines_ms = { n: bigTimes.length, p50: pct(bigTimes, 50), p95: pct(bigTimes, 95), max: Math.max(...bigTimes) };
  results.keystroke_to_panel_5000_lines_ms = await keystrokeToPanel(page, 30, 60);
  const direct = await page.evaluate((t) => Array.from((window as any).wasmBindings.layerlabBench(t, 10) as number[]), big);
  results.analysis_only_5000_lines_ms = { p50: pct(direct, 50), max: Math.max(...direct) };

  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
});
