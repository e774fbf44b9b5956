// The code editor arrives after the first analysis is painted (issue 15, a
// lighter first load): the page starts with a plain textarea
// (web/editor/lazy.js), CodeMirror's bundle is imported once the first
// analysis is on screen, and it takes the textarea's place with its text,
// selection and focus. Nothing typed or done in between is lost.
import { expect, test, type Page, type Route } from '@playwright/test';
import { editorText, failOnPageErrors } from './helpers';

failOnPageErrors();
// The service worker would answer the bundle's request from its cache,
// where page.route never sees it (offline.spec.ts covers the worker).
test.use({ serviceWorkers: 'block' });

// CodeMirror's bundle, named after its content by scripts/editor-name.
const BUNDLE = /\/editor-[0-9a-f]{16}\.js$/;

/** Holds the bundle's request until the returned function is called. */
async function holdBundle(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(BUNDLE, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** The page with no saved session, its first analysis painted, the bundle held. */
async function freshHeld(page: Page): Promise<() => void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  const release = await holdBundle(page);
  await page.goto('/');
  await expect(page.getByTestId('image-size')).toBeVisible();
  await expect(page.getByTestId('editor-pending')).toBeVisible();
  return release;
}

test('the editor bundle is requested only after the first analysis is painted', async ({ page }) => {
  await page.goto('/');
  // This first page's own request for the bundle comes before the route is
  // made (else the route would read a page that is navigating away).
  await expect(page.locator('.cm-content')).toBeVisible();
  await page.evaluate(() => localStorage.clear());
  // What the page had marked when the bundle's request was made.
  let paintAtRequest: unknown = 'no request';
  await page.route(BUNDLE, async (route) => {
    paintAtRequest = await page.evaluate(() => (window as any).__layerlabFirstPaint);
    await route.continue();
  });
  await page.goto('/');
  await expect(page.locator('.cm-content')).toBeVisible();
  expect(typeof paintAtRequest).toBe('number');
  // The same in the page's own clock: the request started after the mark.
  const { paint, start, before } = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const paint = (window as any).__layerlabFirstPaint as number;
    const name = /\/editor-[0-9a-f]{16}\.js$/;
    const bundle = entries.find((e) => name.test(e.name));
    const before = entries.filter((e) => e.startTime < paint).map((e) => new URL(e.name).pathname);
    return { paint, start: bundle?.startTime ?? -1, before: before.filter((p) => name.test(p)) };
  });
  expect(start).toBeGreaterThan(paint);
  expect(before).toEqual([]);
});

test('text typed before CodeMirror arrives is analysed and kept, with the caret and focus', async ({ page }) => {
  const release = await freshHeld(page);
  const ta = page.getByTestId('editor-pending');
  await expect(page.locator('.cm-content')).toHaveCount(0);
  // Typed at the end of the text: the panels analyse it as they do an edit in CodeMirror.
  await ta.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nMAINTAINER someone@example.com');
  await expect(page.locator('[data-rule="maintainer-deprecated"]').first()).toBeVisible();
  const typed = await ta.inputValue();
  expect(typed.endsWith('\nMAINTAINER someone@example.com')).toBe(true);
  // The caret after "MAINTAINER", then CodeMirror arrives.
  await page.keyboard.press('Home');
  for (let i = 0; i < 'MAINTAINER'.length; i++) await page.keyboard.press('ArrowRight');
  release();
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(ta).toHaveCount(0);
  expect(await editorText(page)).toBe(typed);
  // Keystrokes go on where the caret was, into CodeMirror, without a click.
  await expect(page.locator('.cm-content')).toBeFocused();
  await page.keyboard.type('!');
  await expect.poll(() => editorText(page)).toBe(typed.replace(/MAINTAINER (someone@example\.com)$/, 'MAINTAINER! $1'));
});

test('Format before CodeMirror arrives edits the textarea, and CodeMirror gets the result', async ({ page }) => {
  const release = await freshHeld(page);
  const ta = page.getByTestId('editor-pending');
  const messy = 'from python:3.12-slim\nrun  pip install flask';
  await ta.fill(messy);
  await page.getByTestId('format').click();
  await expect(page.getByTestId('format-status')).toContainText('Formatted');
  const formatted = await ta.inputValue();
  expect(formatted).not.toBe(messy);
  expect(formatted.startsWith('FROM python:3.12-slim\nRUN pip install flask')).toBe(true);
  release();
  await expect(page.locator('.cm-content')).toBeVisible();
  expect(await editorText(page)).toBe(formatted);
  // The findings reach CodeMirror's gutter once it is there.
  await expect(page.locator('.cm-lint-marker').first()).toBeVisible();
});

test('an embed starts with the textarea too, and upgrades', async ({ page }) => {
  const release = await holdBundle(page);
  await page.goto('/?embed');
  await expect(page.getByTestId('summary')).not.toContainText('Analysing');
  await expect(page.getByTestId('editor-pending')).toBeVisible();
  const text = await page.getByTestId('editor-pending').inputValue();
  release();
  await expect(page.locator('.cm-content')).toBeVisible();
  expect(await editorText(page)).toBe(text);
});
