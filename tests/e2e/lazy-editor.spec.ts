// The code editor arrives after the first analysis is painted (issue 15, a
// lighter first load): the page starts with a plain textarea
// (web/editor/lazy.js), CodeMirror's bundle is imported once the first
// analysis is on screen, and it takes the textarea's place with its text,
// selection, scroll position and focus. Nothing typed or done in between is
// lost. Until then the textarea's text is transparent over the same text
// highlighted as CodeMirror highlights it, line for line where CodeMirror
// will draw it.
import { expect, test, type Locator, type Page, type Route } from '@playwright/test';
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
  // Highlighted there too (embed.css sizes it to its text).
  await expect(page.locator('.editor-pending-hl .k').first()).toBeVisible();
  release();
  await expect(page.locator('.cm-content')).toBeVisible();
  expect(await editorText(page)).toBe(text);
});

/** Colour, weight and style of the innermost element under `root` whose text is `text`. */
async function look(page: Page, root: string, text: string) {
  return page.locator(root).evaluate((el, text) => {
    const hit = [...el.querySelectorAll('span')].filter((e) => e.textContent === text).pop();
    if (!hit) return null;
    const cs = getComputedStyle(hit);
    return { color: cs.color, fontWeight: cs.fontWeight, fontStyle: cs.fontStyle };
  }, text);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the pending editor shows the text highlighted in CodeMirror's colours (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const release = await freshHeld(page);
    const ta = page.getByTestId('editor-pending');
    // The textarea is the editor to assistive technology; the highlighted copy is hidden from it.
    await expect(page.getByRole('textbox', { name: 'Dockerfile' })).toHaveCount(1);
    await expect(page.locator('.editor-pending-hl')).toHaveAttribute('aria-hidden', 'true');
    const layerText = () =>
      page.locator('.editor-pending-hl > div').evaluate((el) => [...el.children].map((l) => l.textContent).join('\n'));
    expect(await layerText()).toBe(await ta.inputValue());
    // One of each kind the default example has: keyword, comment, string, number.
    const kinds = { FROM: '.k', 'EXPOSE': '.k', '"/opt/venv/bin:$PATH"': '.s', '8000': '.n' } as const;
    const comment = (await ta.inputValue()).split('\n')[0];
    expect(comment.startsWith('#')).toBe(true);
    for (const [text, cls] of Object.entries({ ...kinds, [comment]: '.c' })) {
      await expect(page.locator(`.editor-pending-hl ${cls}`, { hasText: text }).first()).toBeVisible();
    }
    const pending: Record<string, unknown> = {};
    for (const text of [...Object.keys(kinds), comment]) pending[text] = await look(page, '.editor-pending-hl', text);
    expect(pending.FROM).not.toEqual(pending['8000']);

    // Typing reaches the layer (highlighted) and the analysis.
    await ta.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\nMAINTAINER someone # old');
    await expect(page.locator('.editor-pending-hl .k', { hasText: 'MAINTAINER' })).toBeVisible();
    await expect(page.locator('[data-rule="maintainer-deprecated"]').first()).toBeVisible();
    expect(await layerText()).toBe(await ta.inputValue());

    // CodeMirror draws the same kinds the same way.
    release();
    await expect(page.locator('.cm-content')).toBeVisible();
    for (const text of [...Object.keys(kinds), comment]) {
      expect(await look(page, '.cm-content', text), text).toEqual(pending[text]);
    }
  });
}

/** Per line, each character's colour, weight and style under `lines` (the line elements). */
function charLooks(page: Page, lines: string) {
  return page.locator(lines).evaluateAll((els) =>
    els.map((line) => {
      const out: string[] = [];
      const walk = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const cs = getComputedStyle(n.parentElement!);
        for (const ch of n.textContent ?? '') out.push(`${ch} ${cs.color} ${cs.fontWeight} ${cs.fontStyle}`);
      }
      return out;
    }),
  );
}

test('the pending editor colours every character as CodeMirror does, across lines', async ({ page }) => {
  const release = await freshHeld(page);
  // What carries from line to line in CodeMirror's Dockerfile mode:
  // continued arguments, strings and arrays, a FROM alone on its line.
  const text = [
    '# syntax=docker/dockerfile:1',
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    'FROM',
    '  alpine as x',
    'RUN echo "multi \\',
    '  line" && echo \'single\' \\',
    '  # a comment within',
    '  && echo done # not a comment',
    'CMD ["a", "b", \\',
    '  "c"]',
    'EXPOSE 80/tcp 443',
    'ENV A="x" B=\'y\' C=`z`',
    'healthcheck CMD curl -f http://localhost/ || exit 1',
    'ONBUILD RUN echo <b>&amp;</b>',
    '',
    'LABEL a="unterminated',
    'USER root',
    'SHELL',
    '    WORKDIR /x',
  ].join('\n');
  await page.getByTestId('editor-pending').fill(text);
  const pending = await charLooks(page, '.editor-pending-hl > div > div');
  expect(pending.map((l) => l.map((c) => c[0]).join(''))).toEqual(text.split('\n'));
  // Plain, keyword, comment, string, number.
  expect(new Set(pending.flat().map((c) => c.slice(2))).size).toBe(5);
  release();
  await expect(page.locator('.cm-content')).toBeVisible();
  expect(await charLooks(page, '.cm-line')).toEqual(pending);
});

test('after CodeMirror arrives, the text, the caret and the scroll position are where they were', async ({ page }) => {
  const release = await freshHeld(page);
  const ta = page.getByTestId('editor-pending');
  // A long text with long lines: it scrolls both ways (and its line numbers take 3 digits).
  const lines = Array.from({ length: 300 }, (_, i) =>
    i % 3 ? `RUN echo ${'x'.repeat(i % 150)} ${i}` : `# line ${i}, ${'long '.repeat(30)}`);
  const text = ['FROM alpine:3.20', ...lines].join('\n');
  await ta.fill(text);
  // The caret in line 201 after "RUN ", scrolled there and to the right.
  const at = text.split('\n').slice(0, 200).join('\n').length + 1 + 'RUN '.length;
  await ta.evaluate((el: HTMLTextAreaElement, at) => {
    el.focus();
    el.setSelectionRange(at, at);
    el.scrollTop = 4000;
    el.scrollLeft = 120;
  }, at);
  await expect
    .poll(() => page.locator('.editor-pending-hl > div').evaluate((el) => (el as HTMLElement).style.transform))
    .toBe('translate(-120px, -4000px)');
  // Where line 201's keyword and line 203's comment are drawn, on the page.
  const place = (at: string | Locator) =>
    (typeof at === 'string' ? page.locator(at) : at).first().evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.left), y: Math.round(r.top) };
    });
  const before = { k: await place('.editor-pending-hl > div > div:nth-child(201) .k'), c: await place('.editor-pending-hl > div > div:nth-child(203) .c') };
  release();
  await expect(page.locator('.cm-content')).toBeFocused();
  // Once CodeMirror has drawn the lines there, they are where the textarea had them
  // (CodeMirror draws only the lines in view and near it).
  await expect(page.locator('.cm-line', { hasText: text.split('\n')[200] })).toBeVisible();
  const cmLine = (n: number) => page.locator('.cm-line').filter({ hasText: new RegExp(`^${text.split('\n')[n - 1]}$`) });
  const after = { k: await place(cmLine(201).locator('span')), c: await place(cmLine(203).locator('span')) };
  expect(after).toEqual(before);
  // The caret too: typing goes on after "RUN ".
  await page.keyboard.type('!');
  await expect(page.locator('.cm-line').filter({ hasText: /^RUN !echo x+ 199$/ })).toHaveCount(1);
});
