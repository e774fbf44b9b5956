// A build for a sub-path (scripts/build --public-url /layerlab/) served under
// /layerlab/: the page, the service worker's scope, offline reload, the
// loader and the demo. It needs that build, so it runs only when
// LAYERLAB_SUBPATH_SITE names a directory holding it as layerlab/:
//
//   scripts/build --public-url /layerlab/ --dist /tmp/ll-site/layerlab
//   LAYERLAB_SUBPATH_SITE=/tmp/ll-site playwright test -c tests/e2e subpath.spec.ts
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { watchCsp } from './helpers';

const site = process.env.LAYERLAB_SUBPATH_SITE;
const port = Number(process.env.LAYERLAB_SUBPATH_PORT ?? 8783);
const root = `http://127.0.0.1:${port}/layerlab/`;
let server: ChildProcess | undefined;

test.skip(!site, 'set LAYERLAB_SUBPATH_SITE to a directory with a /layerlab/ build');

test.beforeAll(async () => {
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site!], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(root)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no server on ${root}`);
});
test.afterAll(() => {
  server?.kill();
});

test('a /layerlab/ build works under /layerlab/, offline too', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const violations = await watchCsp(page);
  await page.goto(root);
  // The sub-path build has its own CSP (its loader imports /layerlab/…).
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(1);
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.locator('[data-testid="summary"]')).toBeVisible();
  // Its worker's cache is named after its scope.
  const names = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return caches.keys();
  });
  expect(names.every((n) => n.startsWith(`layerlab:${root}:`))).toBe(true);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(root);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('FROM python:3.12-slim\nRUN apk add curl\n');
  await expect(page.locator('[data-testid="findings"]').first()).toContainText('apk');
  await context.setOffline(false);

  await page.goto(`${root}demo.html`);
  const first = page.frameLocator('iframe[data-layerlab-frame] >> nth=0');
  await expect(first.locator('[data-testid="findings"]').first()).toBeVisible();
  expect(await page.locator('iframe[data-layerlab-frame]').first().getAttribute('src')).toMatch(
    new RegExp(`^${root.replace(/[./]/g, '\\$&')}\\?embed`),
  );
  expect(errors).toEqual([]);
  expect(await violations()).toEqual([]);
});
