// The session is never lost (web/src/session.rs): a link that replaces a
// different session keeps it and offers it back; broken, empty and too-large
// links leave messages; a stored session that does not decode is moved aside
// and survives reloads; a start that never painted makes the next one open
// paused; ?reset starts clean. Payloads 10–15 of the robustness list.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { clearEditor, editorText, failOnPageErrors, fresh, shareLink, typeLines } from './helpers';

failOnPageErrors();

const storage = (page: Page) => page.evaluate(() => ({ ...localStorage }) as Record<string, string>);

async function mySession(page: Page) {
  await fresh(page);
  await clearEditor(page);
  await typeLines(page, ['FROM alpine:3.20', 'RUN echo my work']);
  await expect.poll(async () => (await storage(page))['layerlab.session']?.length ?? 0).toBeGreaterThan(0);
}

test('a link replaces the session and "Restore" brings it back', async ({ page }) => {
  await mySession(page);
  // Opened as a new page load.
  await page.goto('/?lang=en' + shareLink('FROM python:3.12-slim\nRUN pip install flask\n'));
  await expect.poll(() => editorText(page)).toBe('FROM python:3.12-slim\nRUN pip install flask\n');
  await expect(page.getByTestId('previous-kept')).toContainText('FROM alpine:3.20');
  await page.screenshot({ path: path.join(__dirname, 'screenshots', 'session-restore.png') });
  await expect.poll(async () => (await storage(page))['layerlab.session.previous']).toBeTruthy();
  await page.getByTestId('restore-previous').click();
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\nRUN echo my work\n');
  await expect(page.getByTestId('previous-kept')).toHaveCount(0);
  // The autosave holds the restored text again.
  await page.reload();
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\nRUN echo my work\n');

  // A link pasted while the page is open (a hash change), in Russian.
  await page.goto('/?lang=ru');
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\nRUN echo my work\n');
  await page.evaluate((h) => (location.hash = h), shareLink('FROM debian:12\n'));
  await expect.poll(() => editorText(page)).toBe('FROM debian:12\n');
  await expect(page.getByTestId('restore-previous')).toHaveText('Вернуть прежний текст');
  await page.getByTestId('restore-previous').click();
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\nRUN echo my work\n');

  // The same text again is no replacement: nothing to offer.
  await page.evaluate((h) => (location.hash = h), shareLink('FROM alpine:3.20\nRUN echo my work\n'));
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
  await expect(page.getByTestId('previous-kept')).toHaveCount(0);
});

test('broken, empty and too-large links leave a message and the session (payloads 10–12)', async ({ page }) => {
  await mySession(page);
  const mine = 'FROM alpine:3.20\nRUN echo my work\n';
  for (const h of ['#v1.AAAA', '#v1.!!!', '#v9.abc']) {
    await page.goto('/' + h);
    await expect(page.getByTestId('link-error')).toBeVisible();
    await expect.poll(() => editorText(page)).toBe(mine);
  }
  // #section is not a link: a message, the session stays.
  await page.goto('/#section');
  await expect(page.getByTestId('link-error')).toContainText('not a Layerlab share link');
  await expect.poll(() => editorText(page)).toBe(mine);

  // 16 MiB of text in a small link: refused with its own message, quickly.
  const big = shareLink('FROM alpine\n' + 'RUN echo hello\n'.repeat((16 << 20) / 15));
  expect(big.length).toBeLessThan(100_000);
  await page.goto('/?x=1' + big);
  await expect(page.getByTestId('link-error')).toContainText('more than 1 MiB');
  await expect.poll(() => editorText(page)).toBe(mine);

  // An empty text: it opens, says so, and offers the session back.
  await page.goto('/' + shareLink(''));
  await expect(page.getByTestId('link-empty')).toBeVisible();
  await expect.poll(() => editorText(page)).toBe('');
  await page.getByTestId('restore-previous').click();
  await expect.poll(() => editorText(page)).toBe(mine);
});

test('a stored session from a later version (v2.) survives reloads (payload 13)', async ({ page }) => {
  await fresh(page);
  await page.evaluate(() => localStorage.setItem('layerlab.session', 'v2.future'));
  await page.reload();
  await expect(page.getByTestId('session-unreadable')).toContainText('newer version');
  await expect(page.getByTestId('session-unreadable')).toContainText('layerlab.session.unreadable.1');
  // The example opens, and typing autosaves, but never over the v2 value.
  await clearEditor(page);
  await typeLines(page, ['FROM alpine:3.20']);
  await page.reload();
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\n');
  await page.reload();
  const s = await storage(page);
  expect(s['layerlab.session.unreadable.1']).toBe('v2.future');
  expect(Object.values(s).filter((v) => v === 'v2.future')).toHaveLength(1);

  // A truncated value too.
  const cut = shareLink('FROM debian:12\n').slice(1, 9);
  await page.evaluate((v) => localStorage.setItem('layerlab.session', v), cut);
  await page.reload();
  await expect(page.getByTestId('session-unreadable')).toContainText('damaged');
  expect((await storage(page))['layerlab.session.unreadable.2']).toBe(cut);
  expect((await storage(page))['layerlab.session.unreadable.1']).toBe('v2.future');
});

test('a start that never painted opens the next one paused; ?reset starts clean', async ({ page }) => {
  await mySession(page);
  // As if the last start had frozen or crashed before its first paint.
  await page.evaluate(() => localStorage.setItem('layerlab.boot', 'starting'));
  await page.reload();
  await expect(page.getByTestId('analysis-paused')).toBeVisible();
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\nRUN echo my work\n');
  await page.screenshot({ path: path.join(__dirname, 'screenshots', 'session-paused.png') });
  await expect(page.locator('[data-rule]')).toHaveCount(0);
  // Typing while paused keeps the text; resuming analyses it.
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('RUN apk add curl\n');
  await page.getByTestId('resume-analysis').click();
  await expect(page.getByTestId('analysis-paused')).toHaveCount(0);
  await expect(page.locator('[data-testid="findings"]').first()).toContainText('apk');
  // That start painted: the next one is not paused.
  await page.reload();
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.getByTestId('analysis-paused')).toHaveCount(0);

  // ?reset: the example, analysed, the session offered back; the address loses ?reset.
  await page.evaluate(() => localStorage.setItem('layerlab.boot', 'starting'));
  await page.goto('/?reset');
  await expect(page.getByTestId('reset')).toBeVisible();
  await expect(page.getByTestId('analysis-paused')).toHaveCount(0);
  await expect.poll(() => editorText(page)).toContain('FROM ');
  expect(await editorText(page)).not.toContain('my work');
  expect(await page.evaluate(() => location.search)).toBe('');
  await page.getByTestId('restore-previous').click();
  await expect.poll(() => editorText(page)).toContain('RUN echo my work');
});

test('sizes near u64::MAX and HTML in every field of a link (payloads 14, 15)', async ({ page }) => {
  await fresh(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const evil = '<img src=x onerror=alert(1)>';
  const text = `FROM alpine AS ${evil}\nARG ${evil}\nCOPY . /app\nFROM alpine\nCOPY --from=0 /app /app\n`;
  const link = shareLink(text, {
    files: [
      ['../../etc/passwd', 't', evil],
      ['big.bin', 's', '18446744073709551615'],
      ['big2.bin', 's', '18446744073709551614'],
      [evil, 's', '99999999999999999999999999'],
    ],
    extra: [
      ['args', `X=${evil}`],
      ['goals', `size < 150MB\n${evil}`],
      ['view', 'compare'],
      ['b.text', `FROM alpine AS ${evil}\n`],
    ],
  });
  await page.goto('/' + link);
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('compare-delta')).toBeVisible();
  // Sizes are clamped (1 TiB a file): big, finite, not wrapped.
  const a = await page.getByTestId('compare-size-a').textContent();
  expect(a).toMatch(/TB|TiB/);
  await page.getByTestId('compare-close').click();
  await expect(page.getByTestId('file-tree')).toBeVisible();
  const bytes = Number(await page.getByTestId('image-size').getAttribute('data-bytes'));
  expect(bytes).toBeGreaterThan(2 ** 40);
  expect(bytes).toBeLessThan(2 ** 60);
  // Every field shows as text; nothing ran.
  await expect(page.locator('body')).toContainText(evil);
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  // A target that names no stage, as HTML.
  await page.goto('/?t=1' + shareLink(text, { target: '<svg onload=alert(2)>' }));
  await expect(page.locator('body')).toContainText('<svg onload=alert(2)>');
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});

test('leaving the page while it starts never makes the next start open paused', async ({ page }) => {
  test.setTimeout(120_000);
  await fresh(page);
  // Leave as soon as this start has set its mark, again and again: a reload
  // or a link clicked while the page is still starting is no crash. (A
  // start that paints before the poll runs — the page's thread is busy
  // starting — has already taken its mark away: it is left then.)
  for (let i = 0; i < 15; i++) {
    await page.goto('/', { waitUntil: 'commit' });
    await page.waitForFunction(
      () => localStorage.getItem('layerlab.boot') !== null || (window as any).__layerlabFirstPaint !== undefined,
      undefined,
      { polling: 1 },
    );
  }
  await page.goto('/');
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.getByTestId('analysis-paused')).toHaveCount(0);
});
