// The playground as a person uses it: the page loads with an example, the
// person replaces it by typing, and the analysis (WebAssembly) follows every
// keystroke. Screenshots (light and dark) go to tests/e2e/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';

const shots = path.join(__dirname, 'screenshots');

async function screenshots(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(shots, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

// Fail on any uncaught error or console error in the page.
let pageProblems: string[] = [];
test.beforeEach(async ({ page }) => {
  pageProblems = [];
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageProblems.push(`console.error: ${m.text()}`);
  });
});

test.afterEach(async () => {
  expect(pageProblems).toEqual([]);
});

async function clearEditor(page: Page) {
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await expect(editor).toHaveValue('');
}

test('the page opens with the example Dockerfile analysed', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Layerlab');
  const editor = page.getByTestId('editor');
  await expect(editor).toHaveValue(/^# syntax=docker\/dockerfile:1\n/);
  await expect(editor).toHaveValue(/FROM python:3\.12-slim AS build/);

  const items = page.getByTestId('instructions').locator(':scope > li');
  await expect(items.first()).toHaveAttribute('data-line', '3');
  await expect(items.first().locator('.keyword')).toHaveText('FROM');
  await expect(page.locator('[data-testid=instructions] > li[data-keyword=FROM]')).toHaveCount(2);
  // A RUN continued over three lines shows its range.
  const run = page.locator('[data-testid=instructions] > li[data-line="5"]');
  await expect(run).toHaveAttribute('data-end-line', '7');
  await expect(run.locator('.lines')).toHaveText('5\u20137');

  await expect(page.getByTestId('no-problems')).toBeVisible();
  await expect(page.getByTestId('summary')).toHaveText('No problems');
  await screenshots(page, 'example');

  // A narrow window stacks the editor above the panels.
  await page.setViewportSize({ width: 420, height: 860 });
  await screenshots(page, 'narrow');
});

test('typing a Dockerfile lists its instructions, and a broken one a diagnostic', async ({ page }) => {
  await page.goto('/');
  await clearEditor(page);

  // Real keystrokes; the list follows every one of them.
  await page.keyboard.type('FROM python:3.12-slim AS build\n');
  const items = page.getByTestId('instructions').locator(':scope > li');
  await expect(items).toHaveCount(1);
  await page.keyboard.type('RUN pip install --no-cache-dir flask\nCOPY . /app\nCMD ["python", "app.py"]\n');

  const expected = [
    ['1', 'FROM', 'python:3.12-slim AS build'],
    ['2', 'RUN', 'pip install --no-cache-dir flask'],
    ['3', 'COPY', '. /app'],
    ['4', 'CMD', '["python", "app.py"]'],
  ];
  await expect(items).toHaveCount(expected.length);
  for (const [i, [line, keyword, args]] of expected.entries()) {
    await expect(items.nth(i)).toHaveAttribute('data-line', line);
    await expect(items.nth(i).locator('.lines')).toHaveText(line);
    await expect(items.nth(i).locator('.keyword')).toHaveText(keyword);
    await expect(items.nth(i).locator('.args')).toHaveText(args);
  }
  await expect(page.getByTestId('no-problems')).toBeVisible();

  // Now something broken: a heredoc that never ends.
  await page.keyboard.type('RUN <<EOF\necho "never terminated"\n');
  const finding = page.locator('[data-rule="unterminated-heredoc"]');
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute('data-severity', 'error');
  await expect(finding).toHaveAttribute('data-line', '5');
  await expect(finding.locator('.position')).toHaveText(/^5:\d+$/);
  await expect(finding.locator('.message')).not.toBeEmpty();
  await expect(page.locator('[data-gutter-line="5"]')).toHaveClass(/\berror\b/);
  await expect(page.getByTestId('summary')).toHaveText('1 error');
  await screenshots(page, 'broken');

  // Clicking the finding puts the caret at the start of its line.
  await finding.locator('.finding-main').click();
  const caret = await page.getByTestId('editor').evaluate((el: HTMLTextAreaElement) => ({
    start: el.selectionStart,
    focused: document.activeElement === el,
    lineStart: el.value.split('\n').slice(0, 4).join('\n').length + 1,
  }));
  expect(caret.focused).toBe(true);
  expect(caret.start).toBe(caret.lineStart);

  // Ending the heredoc clears the error.
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('EOF\n');
  await expect(page.locator('[data-rule]')).toHaveCount(0);
  await expect(items.nth(4)).toHaveAttribute('data-end-line', '7');

  // Typing at the top keeps the caret where it is and moves every line down.
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('# syntax=docker/dockerfile:1\n');
  await expect(page.getByTestId('editor')).toHaveValue(/^# syntax=docker\/dockerfile:1\nFROM python/);
  await expect(items.first()).toHaveAttribute('data-line', '2');
  await expect(items.nth(4)).toHaveAttribute('data-line', '6');
  await expect(page.locator('[data-rule]')).toHaveCount(0);
});
