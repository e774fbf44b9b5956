// The whole flow from the keyboard alone (docs/accessibility.md): open an
// example, move to and through the findings, read "Why?", apply a fix, go to
// a finding's line, copy a share link. The test only presses keys
// (page.keyboard): no clicks, no element.focus(). At each stop the focused
// element must show a focus indicator (an outline or a box-shadow), and the
// code editor, which keeps Tab for indentation, is left with Escape then Tab,
// as the page's hint (aria-describedby) says.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { editorText, failOnPageErrors, fresh } from './helpers';

const shots = path.join(__dirname, 'screenshots');

failOnPageErrors();

/** What the focused element is: its test id, classes, whether it is inside the code editor. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      testid: el?.getAttribute('data-testid') ?? '',
      example: el?.getAttribute('data-example') ?? '',
      className: typeof el?.className === 'string' ? el.className : '',
      inEditor: !!el?.closest('.cm-editor'),
      text: (el?.textContent ?? '').slice(0, 60),
    };
  });
}

type Focused = Awaited<ReturnType<typeof focused>>;

/**
 * Presses `key` (Tab or Shift+Tab) until the focused element satisfies
 * `want`, at most `max` times. When the code editor has the focus, Escape
 * then the key leaves it (CodeMirror keeps Tab for indentation otherwise).
 */
async function moveTo(page: Page, want: (f: Focused) => boolean, what: string, key = 'Tab', max = 120) {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    let f = await focused(page);
    if (want(f)) return f;
    if (f.inEditor) {
      await page.keyboard.press('Escape');
    }
    await page.keyboard.press(key);
    f = await focused(page);
    seen.push(`${f.tag}${f.testid ? `[${f.testid}]` : ''}${f.className ? `.${f.className.split(' ')[0]}` : ''}`);
  }
  throw new Error(`${key} never reached ${what}; focus went through: ${seen.join(' → ')}`);
}

/** The focused element matches :focus-visible and draws an outline or a box-shadow. */
async function expectVisibleFocus(page: Page, what: string) {
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    return {
      visible: el.matches(':focus-visible'),
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
      shadow: s.boxShadow !== 'none' && s.boxShadow !== '',
      desc: `${el.tagName} outline=${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} box-shadow=${s.boxShadow}`,
    };
  });
  expect(style.visible, `${what}: :focus-visible (${style.desc})`).toBe(true);
  expect(style.outline || style.shadow, `${what}: a visible focus indicator (${style.desc})`).toBe(true);
}

/** The code editor's focus ring: CodeMirror's root (.cm-editor.cm-focused) draws an outline. */
async function expectEditorFocusRing(page: Page) {
  const ring = await page.locator('.cm-editor.cm-focused').evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
  });
  expect(ring.style !== 'none' && ring.width > 0, `editor focus ring: ${JSON.stringify(ring)}`).toBe(true);
}

test('open an example, move through findings, read "Why?", fix, go to a line and copy a link, keyboard only', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await fresh(page);
  await expect(page.getByTestId('image-size')).toBeVisible();

  // The editor tells how to leave it.
  const hintId = await page.locator('.cm-content').getAttribute('aria-describedby');
  expect(hintId).toBeTruthy();
  await expect(page.locator(`[id="${hintId}"]`)).toContainText('Escape');

  // Open an example: the gallery's button, then seed 04 in its list.
  await moveTo(page, (f) => f.testid === 'examples', 'the Examples button');
  await expectVisibleFocus(page, 'Examples');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('example-list')).toBeVisible();
  // Escape closes the list from inside it and gives the focus back to its button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('example-list')).toBeHidden();
  expect((await focused(page)).testid).toBe('examples');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('example-list')).toBeVisible();
  await moveTo(page, (f) => f.example === 'seed-04', 'seed 04 in the examples list');
  await expectVisibleFocus(page, 'an example');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('example-list')).toBeHidden();
  await expect.poll(() => editorText(page)).toContain('python:3.8-slim');
  await expect(page.locator('[data-severity="error"]').first()).toBeVisible();
  // Focus goes back to the gallery's button, not to the page's start.
  expect((await focused(page)).testid).toBe('examples');

  // Into the editor and out again (Escape, then Tab), on to the first finding.
  await moveTo(page, (f) => f.inEditor, 'the code editor');
  await expectEditorFocusRing(page);
  await expect(page.locator(`[id="${hintId}"]`)).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'keyboard-editor.png') });
  const first = await moveTo(page, (f) => f.className.includes('finding-main'), 'the first finding');
  await expectVisibleFocus(page, 'a finding');
  // Through the findings: each Tab reaches the next finding's button (past its "Why?" and fix).
  const findingIndex = () =>
    page.evaluate(() => Array.from(document.querySelectorAll('.finding-main')).indexOf(document.activeElement as Element));
  expect(await findingIndex()).toBe(0);
  await page.keyboard.press('Tab');
  await moveTo(page, (f) => f.className.includes('finding-main'), 'the second finding');
  expect(await findingIndex()).toBe(1);
  expect(first.text).not.toBe((await focused(page)).text);

  // "Why?" of a finding: Enter opens its documentation, the focus stays on the button.
  await moveTo(page, (f) => f.testid === 'why', 'a "Why?" button');
  await expectVisibleFocus(page, '"Why?"');
  await page.keyboard.press('Enter');
  const open = page.locator('[data-testid="why"][aria-expanded="true"]');
  await expect(open).toHaveCount(1);
  await expect(page.getByTestId('docs')).toContainText('Why it matters');
  expect((await focused(page)).testid).toBe('why');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('docs')).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('docs')).toContainText('Why it matters');
  await page.screenshot({ path: path.join(shots, 'keyboard-why.png') });

  // A one-click fix: Enter applies it, the finding goes, the editor gets the focus.
  await moveTo(page, (f) => f.testid === 'fix', 'a fix button');
  await expectVisibleFocus(page, 'a fix');
  const rule = await page.evaluate(() => document.activeElement!.closest('li.finding')!.getAttribute('data-rule'));
  const before = await page.locator(`li.finding[data-rule="${rule}"]`).count();
  const textBefore = await editorText(page);
  await page.keyboard.press('Enter');
  await expect.poll(() => editorText(page)).not.toBe(textBefore);
  await expect(page.locator(`li.finding[data-rule="${rule}"]`)).toHaveCount(before - 1);
  expect((await focused(page)).inEditor).toBe(true);

  // Out of the editor and to a finding again; Enter puts the caret on its line.
  const target = await moveTo(page, (f) => f.className.includes('finding-main'), 'a finding after the fix');
  const line = await page.evaluate(() => document.activeElement!.closest('li.finding')!.getAttribute('data-line'));
  await page.keyboard.press('Enter');
  expect((await focused(page)).inEditor).toBe(true);
  const lineText = (await editorText(page)).split('\n')[Number(line) - 1];
  await expect(page.locator('.cm-activeLine')).toHaveText(lineText);
  expect(target.text.length).toBeGreaterThan(0);

  // Copy a share link: back (Escape, Shift+Tab) to the header's button.
  await moveTo(page, (f) => f.testid === 'share', 'the Copy link button', 'Shift+Tab');
  await expectVisibleFocus(page, 'Copy link');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('share-link')).toBeVisible();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#v1\./);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  // The link holds the fixed text: opened elsewhere, it shows the same Dockerfile.
  const fixed = await editorText(page);
  await page.screenshot({ path: path.join(shots, 'keyboard-share.png') });
  const other = await context.newPage();
  await other.goto(link);
  await expect.poll(() => editorText(other)).toBe(fixed);
  await other.close();
});

test('in an embed, the tabs and the findings work from the keyboard', async ({ page }) => {
  const code = 'FROM python:3.12-slim\nRUN apk add --no-cache curl\nRUN pip install flask\n';
  await page.goto(`/?embed&code=${encodeURIComponent(code)}`);
  await expect(page.locator('[data-testid="findings"] li').first()).toBeVisible();
  // The summary's symbols (1 ✕ 1 ⚠ 2 ℹ) are hidden from screen readers, which read words.
  await expect(page.locator('[data-testid="summary"] .visually-hidden')).toHaveText('1 error, 1 warning, 2 notes');
  await expect(page.locator('[data-testid="summary"] [aria-hidden="true"]')).toContainText('1 ✕');
  await moveTo(page, (f) => f.testid === 'tab-sizes', 'the Sizes tab');
  await expectVisibleFocus(page, 'an embed tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('panel-sizes')).toBeVisible();
  await moveTo(page, (f) => f.testid === 'tab-findings', 'the Findings tab', 'Shift+Tab');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('panel-findings')).toBeVisible();
  await moveTo(page, (f) => f.testid === 'why', 'a "Why?" button');
  await expectVisibleFocus(page, 'an embed "Why?"');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('docs')).toContainText('Why it matters');
});
