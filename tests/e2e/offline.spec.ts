// Offline: after a first visit the service worker (static/sw.js) has cached
// the app shell, and the page reloads and analyses with the network cut.
import { expect, test } from '@playwright/test';
import { failOnPageErrors } from './helpers';

failOnPageErrors();

test('after the first visit the page reloads and analyses offline', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.locator('.cm-content')).toBeVisible();
  // The worker installs (precaching this build) and takes control of the page.
  const version = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.scriptURL ?? '';
  });
  expect(version).toMatch(/\/sw\.js$/);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    // One cache, named after the worker's scope (see static/sw.js).
    const c = await caches.open(names.find((n) => n.startsWith(`layerlab:${location.origin}/:`))!);
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);
  // CodeMirror's bundle, imported after the first paint (scripts/editor-name names it).
  expect(cached.some((p) => /^\/editor-[0-9a-f]{16}\.js$/.test(p))).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.cm-content')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('FROM python:3.12-slim\nRUN apk add curl\n');
  await expect(page.locator('[data-testid="findings"]').first()).toContainText('apk');

  // An embed address (another query) opens offline too.
  await page.goto(`/?embed&panes=editor,findings&code=${encodeURIComponent('FROM python:3.12-slim\nRUN apk add curl\n')}`);
  await expect(page.locator('[data-testid="embed"] [data-testid="findings"]').first()).toContainText('apk');
  await context.setOffline(false);
});
