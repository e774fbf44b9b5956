// The playground as a person uses it, in Debian's headless chromium: the
// page loads with an example, the person types into the CodeMirror editor,
// the analysis (WebAssembly) follows every keystroke, fixes apply, links
// share the state, work survives a reload. Screenshots (light, dark, phone)
// go to tests/e2e/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import zlib from 'node:zlib';
import { clearEditor, content, editorText, failOnPageErrors, fresh, typeLines } from './helpers';

const shots = path.join(__dirname, 'screenshots');

async function screenshots(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(shots, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

failOnPageErrors();

test('the page opens with the example analysed: sizes, graph, instructions', async ({ page }) => {
  await fresh(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Layerlab');
  expect(await editorText(page)).toMatch(/^# syntax=docker\/dockerfile:1\n/);
  await expect(page.locator('[data-testid=instructions] > li[data-keyword=FROM]')).toHaveCount(2);
  const size = page.getByTestId('image-size');
  await expect(size).toBeVisible();
  expect(Number(await size.getAttribute('data-bytes'))).toBeGreaterThan(50_000_000);
  await expect(page.locator('.stage-graph [data-stage="build"]')).toBeVisible();
  await expect(page.locator('.stage-graph .edge-copy')).toHaveCount(1);
  await expect(page.locator('[data-severity="error"]')).toHaveCount(0);
  await expect(page.getByTestId('from-badge').first()).toBeVisible();
  await screenshots(page, 'example');
});

test('typing updates findings, graph and sizes; a fix applies and undoes', async ({ page }) => {
  await fresh(page);
  await clearEditor(page);
  await typeLines(page, ['FROM python:3.12-slim']);
  await expect(page.locator('.stage-graph [data-stage="0"]')).toBeVisible();
  const size = page.getByTestId('image-size');
  const before = Number(await size.getAttribute('data-bytes'));
  await typeLines(page, ['RUN pip install flask==3.0.3']);
  const finding = page.locator('[data-rule="pip-no-cache-dir"]');
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute('data-line', '2');
  await expect(finding).toHaveAttribute('data-severity', /warning|info|error/);
  await expect.poll(async () => Number(await size.getAttribute('data-bytes'))).toBeGreaterThan(before);
  // The editor underlines it and marks the gutter.
  await expect(page.locator('.cm-lintRange').first()).toBeVisible();
  await expect(page.locator('.cm-lint-marker').first()).toBeVisible();

  // "Why?" shows the rule's documentation.
  await finding.getByTestId('why').click();
  await expect(finding.getByTestId('docs')).toContainText('Why it matters');
  await screenshots(page, 'finding');

  // "Fix" applies the rule's edits.
  await finding.getByTestId('fix').click();
  await expect.poll(() => editorText(page)).toContain('--no-cache-dir');
  await expect(page.locator('[data-rule="pip-no-cache-dir"]')).toHaveCount(0);
  // Undo brings the finding back.
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(page.locator('[data-rule="pip-no-cache-dir"]')).toHaveCount(1);

  // Clicking a finding moves the caret to its line.
  await page.locator('[data-rule="pip-no-cache-dir"] .finding-main').click();
  await expect(page.locator('.cm-activeLine')).toContainText('pip install');

  // A second stage and a COPY --from: a dashed edge.
  await page.keyboard.press('ControlOrMeta+End');
  await typeLines(page, ['FROM python:3.12-slim AS final', 'COPY --from=0 /usr/local /usr/local']);
  await expect(page.locator('.stage-graph [data-stage="final"]')).toBeVisible();
  await expect(page.locator('.stage-graph .edge-copy')).toHaveCount(1);
});

test('a share link holds text and context, and opens elsewhere', async ({ page, context }) => {
  await fresh(page);
  await clearEditor(page);
  await typeLines(page, ['FROM python:3.12-slim', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt']);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#v1\.[A-Za-z0-9_-]+$/);
  await expect(page.locator('.share-pop')).toContainText(`${link.length} characters`);

  const other = await context.newPage();
  await other.goto('/');
  await other.evaluate(() => localStorage.clear());
  await other.goto(link);
  await expect.poll(() => editorText(other)).toBe(
    'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
  );
  // The fragment is consumed: the link is now the session.
  await expect.poll(() => other.evaluate(() => location.hash)).toBe('');
  await other.close();
});

test('a broken link shows a message and leaves the editor as it was', async ({ page }) => {
  await fresh(page);
  await clearEditor(page);
  await typeLines(page, ['FROM alpine:3.20']);
  await page.goto('/#v1.AAAA-broken');
  await expect(page.getByTestId('link-error')).toBeVisible();
  await expect(page.getByTestId('link-error')).toContainText('damaged');
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\n');
  await page.goto('/#v7.abc');
  await expect(page.getByTestId('link-error')).toContainText('newer version');
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\n');
});

test('autosave: a reload restores the text', async ({ page }) => {
  await fresh(page);
  await clearEditor(page);
  await typeLines(page, ['FROM debian:bookworm-slim', 'RUN echo saved']);
  await page.reload();
  await expect.poll(() => editorText(page)).toBe('FROM debian:bookworm-slim\nRUN echo saved\n');
});

const examples: [string, string, string | null][] = [
  ['seed-01', 'base-tag-not-published', '1'],
  ['seed-02', 'base-tag-not-published', '2'],
  ['seed-03', 'python-packages-left-behind', null],
  ['seed-04', 'python-packages-left-behind', null],
  ['seed-05', 'pip-no-cache-dir', '4'],
  ['seed-06', 'pip-no-cache-dir', '4'],
  ['seed-07', 'pip-no-cache-dir', '3'],
  ['seed-08', 'pip-install-option', null],
  ['node', 'copy-before-dependencies', null],
  ['go', '', null],
  ['java', '', null],
  ['python-clean', '', null],
  ['go-clean', '', null],
];

test('every example loads and shows its key finding', async ({ page }) => {
  await fresh(page);
  for (const [id, rule, line] of examples) {
    await page.getByTestId('examples').click();
    await page.locator(`[data-example="${id}"]`).click();
    await expect(page.getByTestId('image-size')).toBeVisible();
    if (rule) {
      const f = page.locator(`[data-rule="${rule}"]`).first();
      await expect(f, `${id} shows ${rule}`).toBeVisible();
      if (line) await expect(f).toHaveAttribute('data-line', line);
    }
  }
  // The last one is clean: no error, no warning.
  await expect(page.locator('[data-severity="error"], [data-severity="warning"]')).toHaveCount(0);
  // Its build context came with it.
  await expect(page.getByTestId('context')).toContainText('3 files');
});

test('the plain textarea mode works and is remembered', async ({ page }) => {
  await fresh(page);
  await page.getByTestId('toggle-editor').click();
  const ta = page.getByTestId('editor');
  await expect(ta).toBeVisible();
  await expect(ta).toHaveValue(/FROM python:3\.12-slim AS build/);
  await ta.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type('FROM alpine\nRUN <<EOF\necho hi\n');
  const f = page.locator('[data-rule="unterminated-heredoc"]');
  await expect(f).toHaveAttribute('data-line', '2');
  await expect(page.locator('[data-gutter-line="2"]')).toHaveClass(/\berror\b/);
  await page.reload();
  await expect(page.getByTestId('editor')).toHaveValue('FROM alpine\nRUN <<EOF\necho hi\n');
  await page.getByTestId('toggle-editor').click();
  await expect(content(page)).toBeVisible();
});

test('the theme switch is remembered', async ({ page }) => {
  await fresh(page);
  await page.getByTestId('theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('a phone held upright: editor first, panels below', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await fresh(page);
  const editor = await page.locator('.editor-pane').boundingBox();
  const side = await page.locator('.side-pane').boundingBox();
  expect(editor && side).toBeTruthy();
  expect(side!.y).toBeGreaterThanOrEqual(editor!.y + editor!.height - 1);
  expect(editor!.width).toBeLessThanOrEqual(390);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(390);
  await screenshots(page, 'phone');
});

/** A share fragment (`#v1.`) for `text`, as web/src/share.rs writes it. */
function shareLink(text: string): string {
  const field = (v: string) => {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([Buffer.from(`${b.length}:`), b]);
  };
  const raw = Buffer.concat([field(text), field(''), field('0')]);
  return '#v1.' + zlib.deflateRawSync(raw, { level: 9 }).toString('base64url');
}

test('a very large file stays editable; its long lists show their first rows, then all on request', async ({ page }) => {
  test.setTimeout(90_000);
  const lines: string[] = ['FROM python:3.12-slim AS s0'];
  for (let i = 1; lines.length < 3000; i++) lines.push(i % 2 ? `RUN echo ${i} > /tmp/f${i}` : `ENV V${i}=${i}`);
  const text = lines.join('\n') + '\n';
  await fresh(page);
  await page.goto('/' + shareLink(text));
  await expect(page.locator('.stage-graph [data-stage="s0"]')).toBeVisible({ timeout: 30_000 });
  await content(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('FROM alpine:3.20 AS zlast');
  await expect(page.locator('.stage-graph [data-stage="zlast"]')).toBeVisible({ timeout: 30_000 });
  // The first 300 instructions, the count, and the rest on request.
  await expect(page.locator('[data-testid=instructions] > li')).toHaveCount(300);
  await expect(page.locator('#instructions-title .badge')).toHaveText('3001');
  await page.getByTestId('instructions-all').click();
  await expect(page.locator('[data-testid=instructions] > li')).toHaveCount(3001);
});
