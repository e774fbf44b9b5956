// Embeds (docs/embedding.md): the page as an iframe in someone else's page.
// Host pages are written into tests/e2e/.hosts/ and served by a second static
// server (playwright.config.ts) on another port: another origin, as a blog
// would be; `localhost` instead of `127.0.0.1` is a third origin. The embed
// comes from the test server (dist/). Screenshots go to tests/e2e/screenshots/.
import { expect, test, type Frame, type FrameLocator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { failOnPageErrors } from './helpers';

const shots = path.join(__dirname, 'screenshots');
const PORT = Number(process.env.LAYERLAB_E2E_PORT ?? 8765);
const HOST_PORT = Number(process.env.LAYERLAB_E2E_HOST_PORT ?? PORT + 10);
const HOST = `http://127.0.0.1:${HOST_PORT}`;
const EVIL = `http://localhost:${HOST_PORT}`;
const hostsDir = path.join(__dirname, '.hosts');

failOnPageErrors();

/** The test server's origin and its playground URL. */
function base(): string {
  return `http://127.0.0.1:${PORT}/`;
}
const origin = () => new URL(base()).origin;

/** Writes host pages (`${HOST}/name.html` or `${EVIL}/name.html` → HTML) for the host server. */
async function host(_page: Page, pages: Record<string, string>) {
  fs.writeFileSync(path.join(hostsDir, 'favicon.ico'), '');
  for (const [url, body] of Object.entries(pages)) {
    fs.writeFileSync(path.join(hostsDir, new URL(url).pathname.slice(1)), body);
  }
}

const APK_IN_DEBIAN = 'FROM python:3.12-slim\nRUN apk add --no-cache curl\nCMD ["python3"]\n';

/** The documented host-side listener (docs/embedding.md): applies resizes, records every message. */
const hostScript = (frameId: string) => `
  window.got = [];
  const f = document.getElementById(${JSON.stringify(frameId)});
  addEventListener('message', (e) => {
    if (e.source !== f.contentWindow || e.origin !== ${JSON.stringify(origin())}) return;
    window.got.push(e.data);
    if (e.data && e.data.type === 'layerlab:resize') f.style.height = e.data.height + 'px';
  });
`;

async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.locator(selector).elementHandle();
  const frame = await handle!.contentFrame();
  return frame!;
}

const editorText = (f: FrameLocator | Frame) =>
  f.locator('.cm-content').evaluate((el) =>
    Array.from(el.querySelectorAll('.cm-line')).map((l) => l.textContent ?? '').join('\n'),
  );

test('an iframe embed with code= on another origin shows findings and resizes its frame', async ({ page }) => {
  const src = `${base()}?embed&readonly&panes=editor,findings&code=${encodeURIComponent(APK_IN_DEBIAN)}`;
  await host(page, {
    [`${HOST}/post.html`]: `<!doctype html><meta charset=utf-8><body style="margin:0">
      <p>An article.</p>
      <iframe id="f" src="${src}" style="width:640px;height:100px;border:0"></iframe>
      <p>After.</p><script>${hostScript('f')}</script>`,
  });
  await page.goto(`${HOST}/post.html`);
  const f = page.frameLocator('#f');
  await expect(f.locator('[data-testid="findings"] li').first()).toBeVisible();
  await expect(f.locator('[data-testid="findings"]').first()).toContainText('apk');
  expect(await editorText(f)).toBe(APK_IN_DEBIAN);
  // Read-only: CodeMirror is not editable, the fix buttons are hidden.
  await expect(f.locator('.cm-content')).toHaveAttribute('contenteditable', 'false');

  // The frame now has the embed's height (not the 100px it started with).
  const inner = () => f.locator('[data-testid="embed"]').evaluate((el) => (el as HTMLElement).offsetHeight);
  const outer = () => page.locator('#f').evaluate((el) => (el as HTMLElement).getBoundingClientRect().height);
  await expect.poll(outer).toBeGreaterThan(150);
  await expect.poll(async () => Math.abs((await outer()) - (await inner()))).toBeLessThanOrEqual(1);
  const before = await outer();
  // Opening a rule's documentation makes the content taller: the frame follows.
  await f.locator('[data-testid="why"]').first().click();
  await expect(f.locator('[data-testid="docs"]').first()).toBeVisible();
  await expect.poll(outer).toBeGreaterThan(before + 20);
  await expect.poll(async () => Math.abs((await outer()) - (await inner()))).toBeLessThanOrEqual(1);
  const types = await page.evaluate(() => (window as any).got.map((m: any) => m.type));
  expect(types).toContain('layerlab:ready');
  expect(types).toContain('layerlab:resize');
  await page.screenshot({ path: path.join(shots, 'embed-iframe.png'), fullPage: true });
});

test('the loader turns <pre data-layerlab> blocks into playgrounds as they scroll into view', async ({ page }) => {
  const spacer = '<div style="height:3000px">Long text.</div>';
  await host(page, {
    [`${HOST}/blog.html`]: `<!doctype html><meta charset=utf-8>
      <script src="${base()}embed.js" defer></script>
      <h1>Post</h1>
      <pre data-layerlab data-panes="editor,findings,sizes" data-pane="findings" data-theme="dark" id="one">${APK_IN_DEBIAN.replace(/</g, '&lt;')}</pre>
      ${spacer}
      <pre data-layerlab data-readonly data-panes="graph" id="two">FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.19\nCOPY --from=build /app /app\n</pre>`,
  });
  await page.goto(`${HOST}/blog.html`);
  const frames = page.locator('iframe[data-layerlab-frame]');
  await expect(frames).toHaveCount(1);
  await expect(page.locator('#one')).toBeHidden();
  // The second block is far below: still a plain, readable <pre>.
  await expect(page.locator('#two')).toBeVisible();
  await expect(page.locator('#two')).toContainText('FROM golang:1.22');

  const one = page.frameLocator('iframe[data-layerlab-frame] >> nth=0');
  await expect(one.locator('[data-testid="findings"]').first()).toContainText('apk');
  await expect(one.locator('[data-testid="tab-sizes"]')).toBeVisible();
  await expect(one.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await editorText(one)).toBe(APK_IN_DEBIAN);
  const src = await frames.first().getAttribute('src');
  expect(src).toContain(`origin=${encodeURIComponent(new URL(HOST).origin)}`);
  // Auto-height: the loader applies the embed's reported height.
  const inner = () => one.locator('[data-testid="embed"]').evaluate((el) => (el as HTMLElement).offsetHeight);
  const outer = () => frames.first().evaluate((el) => (el as HTMLElement).getBoundingClientRect().height);
  await expect.poll(async () => Math.abs((await outer()) - (await inner()))).toBeLessThanOrEqual(1);
  // Switching to a shorter panel shrinks the frame.
  const tall = await outer();
  await one.locator('[data-testid="tab-sizes"]').click();
  await expect(one.locator('[data-testid="panel-sizes"]')).toBeVisible();
  await expect.poll(async () => Math.abs((await outer()) - (await inner()))).toBeLessThanOrEqual(1);
  expect(await outer()).not.toBe(tall);
  await frames.first().screenshot({ path: path.join(shots, 'embed-loader-dark.png') });

  await page.locator('#two').scrollIntoViewIfNeeded().catch(() => {});
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(frames).toHaveCount(2);
  const two = page.frameLocator('iframe[data-layerlab-frame] >> nth=1');
  await expect(two.locator('[data-testid="stage-graph"]')).toBeVisible();
  await expect(two.locator('.cm-content')).toHaveCount(0);
});

test('the postMessage API answers its parent and ignores other windows, other origins and malformed messages', async ({ page }) => {
  const code = encodeURIComponent('FROM alpine:3.19\n');
  await host(page, {
    [`${HOST}/api.html`]: `<!doctype html><meta charset=utf-8>
      <iframe id="f" src="${base()}?embed&code=${code}" style="width:600px;height:300px"></iframe>
      <iframe id="strict" src="${base()}?embed&panes=editor,findings&origin=${encodeURIComponent('http://127.0.0.1:8799')}&code=${code}" style="width:600px;height:200px"></iframe>
      <iframe id="evil" src="${EVIL}/evil.html" style="width:10px;height:10px"></iframe>
      <script>
        window.got = [];
        addEventListener('message', (e) => {
          if (e.origin !== ${JSON.stringify(origin())}) return;
          const from = e.source === document.getElementById('f').contentWindow ? 'f' : 'strict';
          window.got.push({ from, ...e.data });
        });
      </script>`,
    [`${EVIL}/evil.html`]: `<!doctype html><script>
      window.attack = () => {
        for (let i = 0; i < parent.frames.length; i++) {
          try {
            parent.frames[i].postMessage({ type: 'layerlab:set-text', text: 'FROM evil' }, '*');
            parent.frames[i].postMessage({ type: 'layerlab:get-report', id: 'evil' }, '*');
          } catch (e) {}
        }
      };
    </script>`,
  });
  await page.goto(`${HOST}/api.html`);
  const got = () => page.evaluate(() => (window as any).got as any[]);
  await expect.poll(async () => (await got()).filter((m) => m.type === 'layerlab:ready').length).toBe(1);
  // The strict embed posts only to its origin= (not this page's), so it is never heard here.
  await expect(page.frameLocator('#strict').locator('[data-testid="embed"]')).toBeVisible();
  const f = page.frameLocator('#f');
  await expect(f.locator('.cm-content')).toContainText('FROM alpine:3.19');

  // Malformed messages from the parent: ignored, nothing breaks, nothing answers.
  await page.evaluate(() => {
    const w = (document.getElementById('f') as HTMLIFrameElement).contentWindow!;
    const bad: unknown[] = [
      null, 42, 'layerlab:get-report', [], {}, { type: 5 }, { type: 'layerlab:nope', id: 1 },
      { type: 'layerlab:set-text' }, { type: 'layerlab:set-text', text: 42 },
      { type: 'layerlab:set-text', text: null },
      { type: 'layerlab:get-report' }, { type: 'layerlab:get-report', id: { a: 1 } },
      { type: 'layerlab:get-report', id: NaN }, { type: 'layerlab:set-theme', theme: 'purple' },
    ];
    for (const m of bad) w.postMessage(m, '*');
  });
  // A window that is not the parent (another origin's frame on the same page).
  const evil = page.frames().find((fr) => fr.url().startsWith(EVIL))!;
  await evil.evaluate(() => (window as any).attack());
  // The strict embed accepts only origin=http://127.0.0.1:8799: its real parent is refused.
  await page.evaluate(() => {
    const w = (document.getElementById('strict') as HTMLIFrameElement).contentWindow!;
    w.postMessage({ type: 'layerlab:set-text', text: 'FROM refused' }, '*');
    w.postMessage({ type: 'layerlab:get-report', id: 'strict' }, '*');
  });

  // Now a good request: it is the only answer.
  await page.evaluate(() => {
    const w = (document.getElementById('f') as HTMLIFrameElement).contentWindow!;
    w.postMessage({ type: 'layerlab:get-report', id: 'r1' }, '*');
  });
  await expect.poll(async () => (await got()).filter((m) => m.type === 'layerlab:report').length).toBe(1);
  const answers = (await got()).filter((m) => m.type === 'layerlab:report' || m.type === 'layerlab:text');
  expect(answers.map((m) => [m.from, m.id])).toEqual([['f', 'r1']]);
  const report = answers[0].report;
  for (const k of ['findings', 'stages', 'layers', 'image', 'errors', 'warnings', 'infos']) expect(report).toHaveProperty(k);
  expect(report.stages[0].base).toBe('alpine:3.19');
  await expect(f.locator('.cm-content')).toContainText('FROM alpine:3.19');
  await expect(page.frameLocator('#strict').locator('[data-testid="embed"]')).toBeVisible();

  // set-text from the parent is obeyed: the findings follow; get-text answers.
  await page.evaluate(() => {
    const w = (document.getElementById('f') as HTMLIFrameElement).contentWindow!;
    w.postMessage({ type: 'layerlab:set-text', text: 'FROM python:3.12-slim\nRUN apk add curl\n' }, '*');
    w.postMessage({ type: 'layerlab:get-text', id: 7 }, '*');
  });
  await expect(f.locator('.cm-content')).toContainText('RUN apk add curl');
  await expect(f.locator('[data-testid="findings"]').first()).toContainText('apk');
  await expect.poll(async () => (await got()).find((m) => m.type === 'layerlab:text')?.text).toBe(
    'FROM python:3.12-slim\nRUN apk add curl\n',
  );
  expect((await got()).find((m) => m.type === 'layerlab:text').id).toBe(7);
  // The strict embed ignored its parent (wrong origin) and never posted here.
  expect((await got()).some((m) => m.from === 'strict')).toBe(false);
  await expect(page.frameLocator('#strict').locator('[data-testid="summary"]')).toBeVisible();
  await expect(page.frameLocator('#strict').locator('.cm-content')).toHaveText('FROM alpine:3.19');
});

test("an embed never touches the full page's autosaved session", async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('FROM alpine:3.19 # my work');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('layerlab.session'))).not.toBeNull();
  // The autosave writes 300 ms after the last change (web/src/autosave.rs).
  await page.waitForTimeout(700);
  const saved = await page.evaluate(() => JSON.stringify(localStorage));

  await page.goto(`/?embed&code=${encodeURIComponent('FROM debian:12\n')}`);
  await expect(page.locator('[data-testid="embed"]')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.type('RUN echo embedded\n');
  await expect(page.locator('.cm-content')).toContainText('embedded');
  await page.locator('[data-testid="tab-graph"]').click();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => JSON.stringify(localStorage))).toBe(saved);

  await page.goto('/');
  await expect(page.locator('.cm-content')).toContainText('FROM alpine:3.19 # my work');
});

test('embed options: panes, pane, theme, a note for bad parameters, and the open-in-Layerlab link', async ({ page }) => {
  await page.goto(`/?embed&panes=graph,sizes,bogus&pane=sizes&theme=dark&lang=ru&code=${encodeURIComponent('FROM alpine:3.19\nRUN apk add curl\n')}`);
  await expect(page.locator('[data-testid="embed-note"]')).toContainText('bogus');
  await expect(page.locator('[data-testid="panel-sizes"]')).toBeVisible();
  await expect(page.locator('.cm-content')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('[data-testid="tab-graph"]')).toHaveText('Стадии');
  const href = await page.locator('[data-testid="open-in-layerlab"]').getAttribute('href');
  expect(href).toMatch(/\?lang=ru#v1\./);
  expect(href).not.toContain('embed');
  await expect(page.locator('[data-testid="open-in-layerlab"]')).toHaveAttribute('target', '_blank');
  // The link opens the full page with the embed's text.
  await page.goto(href!);
  await expect(page.locator('.cm-content')).toContainText('RUN apk add curl');
  await expect(page.locator('header.top')).toBeVisible();
});

test('the share popover offers the iframe and loader snippets, and they work', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('FROM python:3.12-slim\nRUN cat <<EOF > /a && echo "x"\nEOF\n');
  await page.getByTestId('share').click();
  const iframe = await page.getByTestId('snippet-iframe').inputValue();
  const loader = await page.getByTestId('snippet-loader').inputValue();
  expect(iframe).toMatch(new RegExp(`^<iframe src="${base().replace(/\./g, '\\.')}\\?embed#v1\\.[A-Za-z0-9_-]+"`));
  expect(loader).toContain(`<script src="${base()}embed.js" defer></script>`);
  expect(loader).toContain('<pre data-layerlab>FROM python:3.12-slim\nRUN cat &lt;&lt;EOF &gt; /a &amp;&amp; echo &quot;x&quot;\nEOF</pre>');
  await page.getByTestId('copy-loader').click();
  await expect(page.getByTestId('copy-loader')).toHaveText('Copied');
  await page.screenshot({ path: path.join(shots, 'share-snippets.png') });

  // Both snippets, pasted into a page on another origin, show the same Dockerfile.
  await host(page, { [`${HOST}/pasted.html`]: `<!doctype html><meta charset=utf-8><body>${iframe}\n${loader}</body>` });
  await page.goto(`${HOST}/pasted.html`);
  const frames = page.locator('iframe');
  await expect(frames).toHaveCount(2);
  for (const i of [0, 1]) {
    await expect(page.frameLocator(`iframe >> nth=${i}`).locator('.cm-content')).toContainText('RUN cat <<EOF > /a && echo "x"');
  }
});

test('the demo article shows its three embeds', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto('/demo.html');
  for (let i = 0; i < 6; i++) {
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(150);
  }
  const frames = page.locator('iframe[data-layerlab-frame]');
  await expect(frames).toHaveCount(3);
  const f = (i: number) => page.frameLocator(`iframe[data-layerlab-frame] >> nth=${i}`);
  await expect(f(0).locator('[data-testid="findings"]').first()).toBeVisible();
  // The requirements.txt block after the first Dockerfile is its build context:
  // the embed follows Flask out of the builder and sees it left behind.
  await expect(f(0).locator('[data-rule="python-packages-left-behind"]')).toBeVisible();
  await expect(page.locator('pre[data-layerlab-file]').first()).toBeHidden();
  await expect(f(0).locator('.cm-content')).toHaveAttribute('contenteditable', 'false');
  await expect(f(1).locator('.cm-content')).toHaveAttribute('contenteditable', 'true');
  await expect(f(1).locator('[data-testid="panel-sizes"]')).toBeVisible();
  await expect(f(2).locator('[data-testid="stage-graph"]')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, 'demo.png'), fullPage: true });
});
