// Build options (--target, --build-arg) and a steady layout while typing.
import { expect, test, type Page } from '@playwright/test';
import { clearEditor, content, failOnPageErrors, fresh, typeLines } from './helpers';

failOnPageErrors();

const text = [
  'ARG PY=3.12',
  'FROM python:${PY}-slim AS build',
  'RUN pip install --no-cache-dir flask',
  'FROM alpine:3.20 AS tools',
  'ARG MODE',
  'RUN echo $MODE',
];

async function typeDockerfile(page: Page) {
  await clearEditor(page);
  await typeLines(page, text);
  await expect(page.locator('.stage-graph [data-stage="tools"]')).toBeVisible();
}

test('target and build args change the analysis, and travel in the share link', async ({ page }) => {
  await fresh(page);
  await typeDockerfile(page);
  await page.getByTestId('build-options').locator('summary').click();
  // The declared ARGs are offered, with their defaults.
  await expect(page.getByTestId('arg-PY')).toHaveAttribute('placeholder', '3.12');
  await expect(page.getByTestId('arg-MODE')).toBeVisible();
  // By default the last stage is the target: "build" is not needed.
  await expect(page.locator('.stage-graph [data-stage="build"]')).toHaveClass(/unneeded/);
  await page.getByTestId('target').selectOption('build');
  await expect(page.locator('.stage-graph [data-stage="build"]')).not.toHaveClass(/unneeded/);
  await expect(page.locator('.stage-graph [data-stage="tools"]')).toHaveClass(/unneeded/);
  // A build arg changes what FROM resolves to.
  await page.getByTestId('arg-PY').fill('3.11');
  await expect(page.locator('.stage-size[data-stage="build"] .stage-base')).toHaveText('FROM python:3.11-slim');
  await expect(page.getByTestId('build-command')).toHaveText('docker build --target build --build-arg PY=3.11 .');
  // Share link round trip in a fresh page.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.evaluate(() => localStorage.clear());
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.locator('.stage-size[data-stage="build"] .stage-base')).toHaveText('FROM python:3.11-slim');
  await expect(page.locator('.stage-graph [data-stage="tools"]')).toHaveClass(/unneeded/);
  // And autosave keeps them over a reload.
  await page.reload();
  await expect(page.getByTestId('build-command')).toHaveText('docker build --target build --build-arg PY=3.11 .');
});

test('no layout jumps while typing: the editor, the caret line and the header stay put', async ({ page }) => {
  await fresh(page);
  const boxes = async () =>
    page.evaluate(() => {
      const r = (sel: string) => {
        const b = document.querySelector(sel)!.getBoundingClientRect();
        return [Math.round(b.x), Math.round(b.y), Math.round(b.width), Math.round(b.height)];
      };
      return {
        editor: r('.editor-pane'),
        side: r('.side-pane'),
        tools: r('.tools'),
        caret: r('.cm-activeLine'),
        scroll: [window.scrollX, window.scrollY],
      };
    });
  await content(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  const before = await boxes();
  // Typing that makes findings come and go (and the header's counts change).
  const steps = ['RUN apt-get install curl', ' && rm -rf /var/lib/apt/lists/*'];
  const seen: (typeof before)[] = [];
  for (const s of steps) {
    for (const ch of s) {
      await page.keyboard.type(ch);
      seen.push(await boxes());
    }
  }
  await expect(page.locator('[data-rule="apt-get-missing-y"]')).toBeVisible();
  for (const b of seen) {
    expect(b.editor).toEqual(before.editor);
    expect(b.side.slice(0, 3)).toEqual(before.side.slice(0, 3));
    expect(b.tools).toEqual(before.tools);
    expect(b.caret[1]).toEqual(before.caret[1]);
    expect(b.scroll).toEqual(before.scroll);
  }
});
