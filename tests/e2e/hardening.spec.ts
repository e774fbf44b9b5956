// Site hardening: the Content-Security-Policy is in force and nothing of
// ours violates it (playground, embed, compare view; subpath.spec.ts checks
// the sub-path build); the service worker serves only its own files from its
// own cache; hostile embed addresses, messages and loader attributes
// (payloads 16–21 of the robustness list) run nothing.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { failOnPageErrors, watchCsp } from './helpers';

const watch = failOnPageErrors();

const PORT = Number(process.env.LAYERLAB_E2E_PORT ?? 8765);
const HOST_PORT = Number(process.env.LAYERLAB_E2E_HOST_PORT ?? PORT + 10);
const HOST = `http://127.0.0.1:${HOST_PORT}`;
const BASE = `http://127.0.0.1:${PORT}/`;
const hostsDir = path.join(__dirname, '.hosts');
const dist = path.resolve(__dirname, '..', '..', 'dist');

/** A host page (and the favicon the browser asks for) on the host origin. */
function host(name: string, body: string) {
  fs.writeFileSync(path.join(hostsDir, 'favicon.ico'), '');
  fs.writeFileSync(path.join(hostsDir, name), body);
}

function dialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
  return seen;
}

test('the CSP is in force and the playground, an embed and the compare view break none of it', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  await expect(page.locator('[data-testid="summary"]')).toBeVisible();
  // Use the page: type, open a rule's docs (fetch + Markdown), compare.
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('FROM python:3.12-slim\nRUN pip install flask\n');
  await page.locator('[data-rule="pip-no-cache-dir"]').getByTestId('why').click();
  await expect(page.getByTestId('docs').locator('h3, p').first()).toBeVisible();
  await page.getByTestId('examples').click();
  await page.locator('[data-compare-example="seed-02"]').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await page.goto(`/?embed&code=${encodeURIComponent('FROM python:3.12-slim\nRUN apk add curl\n')}`);
  await expect(page.locator('[data-testid="embed"] [data-testid="findings"]').first()).toContainText('apk');
  await page.waitForTimeout(300);
  expect(await violations()).toEqual([]);
});

test('the CSP blocks an injected inline script', async ({ browser }) => {
  // A page of its own: the refused script logs a console error, which is the point.
  const page = await browser.newPage();
  const violations = await watchCsp(page);
  await page.goto(BASE);
  await expect(page.locator('[data-testid="summary"]')).toBeVisible();
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.body.append(s);
  });
  await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
  expect(await page.evaluate(() => (window as any).__injected)).toBeUndefined();
  await page.close();
});

test('dist/sw.js is world-readable, static/ is copied once, and the worker keeps to its own cache', async ({ page }) => {
  expect(fs.statSync(path.join(dist, 'sw.js')).mode & 0o777).toBe(0o644);
  expect(fs.existsSync(path.join(dist, 'static'))).toBe(false);
  for (const f of ['sw.js', 'embed.js', 'demo.html', 'favicon.svg']) expect(fs.existsSync(path.join(dist, f))).toBe(true);
  const sw = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
  expect(sw).toContain('cache: "reload"');
  expect(sw).not.toMatch(/caches\.match\(/);

  await page.goto('/');
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  // Another site's cache on the same origin (a project site), and its file.
  const result = await page.evaluate(async () => {
    const other = await caches.open('other-site');
    await other.put('/index.html', new Response('from another cache'));
    await other.put('/demo.html', new Response('from another cache'));
    const names = await caches.keys();
    const ours = names.filter((n) => n.startsWith('layerlab:'));
    const keys = (await (await caches.open(ours[0])).keys()).map((r) => new URL(r.url).pathname);
    // Not a precached file: the network answers, not the other cache.
    const notOurs = await (await fetch('/demo.html')).text();
    const shell = await (await fetch('/index.html')).text();
    return { names, ours, keys, notOurs, shell };
  });
  expect(result.ours).toEqual([expect.stringMatching(new RegExp(`^layerlab:${BASE.replace(/[./]/g, '\\$&')}:[0-9a-f]{16}$`))]);
  expect(result.keys).toContain('/');
  expect(result.keys).not.toContain('/demo.html');
  expect(result.notOurs).toContain('<pre data-layerlab');
  expect(result.shell).toContain('Content-Security-Policy');
  // Pages other than the playground are not cached when visited.
  await page.goto('/demo.html');
  const keys = await page.evaluate(async () => {
    const n = (await caches.keys()).find((k) => k.startsWith('layerlab:'))!;
    return (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname);
  });
  expect(keys).not.toContain('/demo.html');
  await page.evaluate(() => caches.delete('other-site'));
});

test('hostile embed parameters show as text and run nothing (payloads 16, 17)', async ({ page }) => {
  const seen = dialogs(page);
  const q =
    '?embed&panes=' + encodeURIComponent('<img src=x onerror=alert(1)>') +
    '&theme=' + encodeURIComponent('"><svg onload=alert(2)>') +
    '&origin=' + encodeURIComponent('javascript:alert(3)') +
    '&file=' + encodeURIComponent('<img src=x onerror=alert(4)>') +
    '&code=' + encodeURIComponent('FROM alpine AS <img src=x onerror=alert(5)>');
  await page.goto('/' + q);
  const note = page.getByTestId('embed-note');
  await expect(note).toContainText('<img src=x onerror=alert(1)>');
  await expect(note).toContainText('"><svg onload=alert(2)>');
  await expect(note).toContainText('javascript:alert(3)');
  await expect(page.locator('.cm-content')).toContainText('FROM alpine AS <img src=x onerror=alert(5)>');
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);

  // 140,000 file= parameters: the embed opens, with a note, and stays
  // responsive. The test server refuses so long an address (414), so the
  // page comes from the service worker's cache, offline.
  await page.goto('/');
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.context().setOffline(true);
  const files = Array.from({ length: 140_000 }, (_, i) => `file=f${i % 3000}:x`).join('&');
  const started = Date.now();
  await page.goto(`/?embed&code=${encodeURIComponent('FROM alpine\nCOPY . /app\n')}&${files}`);
  await expect(page.getByTestId('embed-note')).toContainText('140000 file= parameters');
  await expect(page.locator('[data-testid="summary"]')).toBeVisible();
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
  await page.context().setOffline(false);
  await page.waitForTimeout(200);
  expect(seen).toEqual([]);
});

test('postMessage: HTML is text, malformed and oversized messages are ignored, origin= is compared as an origin (payloads 18–20)', async ({ page }) => {
  const seen = dialogs(page);
  const code = encodeURIComponent('FROM alpine:3.19\n');
  // origin= in upper case with a trailing slash: the same origin as the host.
  const spelled = encodeURIComponent(`HTTP://127.0.0.1:${HOST_PORT}/`);
  host(
    'hostile.html',
    `<!doctype html><meta charset=utf-8>
    <iframe id="f" src="${BASE}?embed&panes=editor,graph,findings&pane=graph&origin=${spelled}&code=${code}" style="width:700px;height:500px"></iframe>
    <script>
      window.got = [];
      addEventListener('message', (e) => { if (e.origin === ${JSON.stringify(new URL(BASE).origin)}) window.got.push(e.data); });
      window.send = (m) => document.getElementById('f').contentWindow.postMessage(m, '*');
    </script>`,
  );
  await page.goto(`${HOST}/hostile.html`);
  const got = () => page.evaluate(() => (window as any).got as any[]);
  await expect.poll(async () => (await got()).some((m) => m.type === 'layerlab:ready')).toBe(true);
  const f = page.frameLocator('#f');

  // Ignored: an object id, an id of 201 characters, the bare string, a text over 1 MiB.
  await page.evaluate(() => {
    const send = (window as any).send;
    send({ type: 'layerlab:get-text', id: {} });
    send({ type: 'layerlab:get-text', id: 'x'.repeat(201) });
    send('layerlab:get-report');
    send({ type: 'layerlab:set-text', text: 'FROM big\n' + '#'.repeat(1 << 20) });
    send({ type: 'layerlab:get-text', id: 'x'.repeat(200) });
  });
  await expect.poll(async () => (await got()).filter((m) => m.type === 'layerlab:text').length).toBe(1);
  expect((await got()).find((m) => m.type === 'layerlab:text').text).toBe('FROM alpine:3.19\n');

  // HTML in a set-text: text in the editor and the stage graph, nothing runs.
  await page.evaluate(() => (window as any).send({ type: 'layerlab:set-text', text: 'FROM a AS <svg onload=alert(1)>\n' }));
  await expect(f.locator('.cm-content')).toContainText('FROM a AS <svg onload=alert(1)>');
  expect(await f.locator('svg[onload]').count()).toBe(0);
  await page.waitForTimeout(200);
  expect(seen).toEqual([]);
});

test('embed.js ignores resizes from other windows and keeps attributes encoded (payload 21)', async ({ page }) => {
  host(
    'loader-hostile.html',
    `<!doctype html><meta charset=utf-8>
    <pre data-layerlab data-panes='editor"&x=1' data-height="-5">FROM alpine:3.19</pre>
    <iframe id="other" srcdoc="<p>another frame</p>" style="width:10px;height:10px"></iframe>
    <script src="${BASE}embed.js" defer></script>`,
  );
  await page.goto(`${HOST}/loader-hostile.html`);
  const frame = page.locator('iframe[data-layerlab-frame]');
  await expect(frame).toHaveCount(1);
  const src = (await frame.getAttribute('src'))!;
  expect(src).toContain('panes=editor%22%26x%3D1');
  expect(new URL(src).searchParams.get('x')).toBeNull();
  await expect(page.frameLocator('iframe[data-layerlab-frame]').locator('.cm-content')).toContainText('FROM alpine:3.19');
  await page.waitForTimeout(500);
  const before = await frame.evaluate((el: HTMLIFrameElement) => el.style.height);
  // A resize from this page and from another frame: not the embed, ignored.
  await page.evaluate(() => {
    window.postMessage({ type: 'layerlab:resize', height: 1e9 }, '*');
    const o = (document.getElementById('other') as HTMLIFrameElement).contentWindow!;
    o.eval?.call(o, "parent.postMessage({type: 'layerlab:resize', height: 1e9}, '*')");
  });
  await page.waitForTimeout(300);
  const after = await frame.evaluate((el: HTMLIFrameElement) => el.style.height);
  expect(after).toBe(before);
  expect(parseInt(after, 10)).toBeLessThan(5000);
});

// Pages a test opens itself are watched for errors too.
void watch;
