// The compare view: two Dockerfiles side by side. The size delta the page
// shows is checked against the `layerlab compare` CLI's JSON (the same core,
// run natively), never against a number written here.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliBinary, failOnPageErrors } from './helpers';

const root = path.resolve(__dirname, '..', '..');
const shots = path.join(__dirname, 'screenshots');
const seeds = path.join(root, 'web', 'examples', 'seeds');

const cli = cliBinary;

/** B − A from `layerlab compare --format json`, with the seeds' context 000 on both sides. */
function cliDelta(a: string, b: string): number {
  const out = execFileSync(cli(), [
    'compare', '--format', 'json', '--context', path.join(seeds, 'context', '000'), a, b,
  ]);
  return JSON.parse(out.toString()).image.delta_bytes;
}

failOnPageErrors();

const editorB = (page: Page) => page.getByTestId('compare-editor-b').locator('.cm-content');
const editorA = (page: Page) => page.locator('.editor-pane').first().locator('.cm-content');

async function text(loc: ReturnType<Page['locator']>): Promise<string> {
  return loc.evaluate((el) =>
    Array.from(el.querySelectorAll('.cm-line')).map((l) => l.textContent ?? '').join('\n'),
  );
}

async function openSeed01vs02(page: Page, shot?: string) {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await page.getByTestId('examples').click();
  await page.locator('[data-example="seed-01"]').click();
  await page.getByTestId('examples').click();
  if (shot) await screenshots(page, shot);
  await page.locator('[data-compare-example="seed-02"]').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
}

async function screenshots(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(shots, `${name}-${colorScheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('seed 01 against 02: the delta is the CLI figure, and follows edits to B', async ({ page }) => {
  await openSeed01vs02(page, 'compare-gallery');
  const delta = page.getByTestId('compare-delta');
  const expected = cliDelta(
    path.join(seeds, '01_ru_single_stage.Dockerfile'),
    path.join(seeds, '02_ru_multistage.Dockerfile'),
  );
  await expect(delta).toHaveAttribute('data-bytes', String(expected));
  // The multi-stage rewrite saves almost nothing.
  expect(Math.abs(expected)).toBeLessThan(100_000);
  await expect(page.getByTestId('compare-only-b').locator('[data-rule="multistage-saves-nothing"]')).toBeVisible();
  await expect(page.getByTestId('compare-only-b').locator('[data-rule="python-version-in-path"]')).toBeVisible();
  // The left editor still holds the person's text (seed 01).
  await expect.poll(() => text(editorA(page))).toContain('FROM python:3.12-slim-buster AS base');
  await screenshots(page, 'compare');

  // Clicking a finding only on the right puts the right editor's cursor on its line.
  await page.getByTestId('compare-only-b').locator('[data-rule="python-version-in-path"] button').click();
  await expect(page.getByTestId('compare-editor-b').locator('.cm-activeLine')).toContainText('COPY --from=builder');

  // Edit B: the delta changes, and equals the CLI's for the edited text.
  await editorB(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  // requests is not in the page's first-screen pip rows: the page fetches the
  // long tail, and the delta then equals the CLI's (which embeds every row).
  await page.keyboard.type('\nRUN pip install --no-cache-dir requests==2.31.0');
  await expect(delta).not.toHaveAttribute('data-bytes', String(expected));
  const edited = await text(editorB(page));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-compare-'));
  const b = path.join(dir, 'B.Dockerfile');
  fs.writeFileSync(b, edited);
  await expect(delta).toHaveAttribute(
    'data-bytes',
    String(cliDelta(path.join(seeds, '01_ru_single_stage.Dockerfile'), b)),
  );
});

test('the share link and the autosave restore the compare view', async ({ page, context }) => {
  await openSeed01vs02(page);
  await editorB(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nUSER nobody');
  const bText = await text(editorB(page));
  const bytes = await page.getByTestId('compare-delta').getAttribute('data-bytes');
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();

  const other = await context.newPage();
  await other.goto('/');
  await other.evaluate(() => localStorage.clear());
  await other.goto(link);
  await expect(other.getByTestId('compare-view')).toBeVisible();
  await expect.poll(() => text(editorB(other))).toBe(bText);
  await expect.poll(() => text(editorA(other))).toContain('FROM python:3.12-slim-buster AS base');
  await expect(other.getByTestId('compare-delta')).toHaveAttribute('data-bytes', bytes ?? '');
  await other.close();

  // The autosave keeps the view across a reload; closing it leaves the left text.
  await page.reload();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect.poll(() => text(editorB(page))).toBe(bText);
  await page.getByTestId('compare-close').click();
  await expect(page.getByTestId('compare-view')).toHaveCount(0);
  await expect.poll(() => text(editorA(page))).toContain('FROM python:3.12-slim-buster AS base');
  await page.reload();
  await expect(page.getByTestId('compare-view')).toHaveCount(0);
});

test('compare on a phone stacks the editors', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openSeed01vs02(page);
  const a = await page.locator('.editor-pane').first().boundingBox();
  const b = await page.getByTestId('compare-editor-b').boundingBox();
  expect(a && b && b.y > a.y + a.height - 1).toBeTruthy();
  await screenshots(page, 'compare-phone');
});
