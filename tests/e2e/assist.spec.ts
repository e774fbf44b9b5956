// The editor's completion and hover (web/src/assist.rs, from crates/assist:
// the language server's functions). Completion is computed on the page's
// thread from a parse; hover reads the last analysis the page holds.
// Screenshots go to tests/e2e/screenshots/assist-*.png.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { clearEditor, content, editorText, failOnPageErrors, fresh, shareLink } from './helpers';

const shots = path.join(__dirname, 'screenshots');
const seed04 = fs.readFileSync(
  path.join(__dirname, '..', '..', 'shared', 'seeds', '04_ru_user_local_multistage.Dockerfile'),
  'utf8',
);
// With its build context's requirements.txt the RUN's layer has a size.
const requirements = fs.readFileSync(
  path.join(__dirname, '..', '..', 'shared', 'seeds', 'context', '002', 'requirements.txt'),
  'utf8',
);
const seed04Link = '/' + shareLink(seed04, { files: [['requirements.txt', 't', requirements]] });

failOnPageErrors();

const popup = (page: Page) => page.locator('.cm-tooltip-autocomplete');
/** Arrow Down into a list that just opened: CodeMirror ignores keys for its
 * first 75 ms (interactionDelay), so that a key meant for the text is not taken. */
async function pickFirst(page: Page) {
  await page.waitForTimeout(150);
  await page.keyboard.press('ArrowDown');
  await expect(popup(page).locator('li[aria-selected]')).toBeVisible();
  await page.keyboard.press('Enter');
}
const labels = (page: Page) => popup(page).locator('.cm-completionLabel').allTextContents();

async function emptyEditor(page: Page) {
  await fresh(page);
  await clearEditor(page);
}

test('FROM pyth offers python, and choosing it completes the word', async ({ page }) => {
  await emptyEditor(page);
  await page.keyboard.type('FROM pyth');
  await expect(popup(page)).toBeVisible();
  expect(await labels(page)).toEqual(['python']);
  await page.screenshot({ path: path.join(shots, 'assist-images.png') });
  await pickFirst(page);
  await expect.poll(() => editorText(page)).toBe('FROM python');
});

test('FROM python:3.1 offers published tags, newest first', async ({ page }) => {
  await emptyEditor(page);
  await page.keyboard.type('FROM python:3.1');
  await expect(popup(page)).toBeVisible();
  const tags = await labels(page);
  expect(tags.length).toBeGreaterThan(10);
  expect(tags.length).toBeLessThanOrEqual(50);
  expect(tags.every((t) => t.startsWith('3.1'))).toBe(true);
  // Newest release line first, its moving tags before the exact ones.
  expect(tags.slice(0, 2)).toEqual(['3.14', '3.14-slim']);
  expect(tags).toContain('3.13');
  await page.screenshot({ path: path.join(shots, 'assist-tags.png') });
  // Typing on narrows the list; choosing replaces only the tag.
  await page.keyboard.type('3-s');
  await expect.poll(async () => (await labels(page)).every((t) => t.startsWith('3.13-s'))).toBe(true);
  const found = await labels(page);
  expect(found).toContain('3.13-slim');
  const chosen = found[0];
  await pickFirst(page);
  await expect.poll(() => editorText(page)).toBe(`FROM python:${chosen}`);
});

test('COPY --from= offers the earlier stages', async ({ page }) => {
  await emptyEditor(page);
  // Enter makes new lines while a list is open (nothing is selected).
  await page.keyboard.type('FROM golang:1.22 AS build\nFROM alpine:3.20 AS tools\nFROM alpine:3.20\nCOPY --from=');
  await expect(popup(page)).toBeVisible();
  expect(await labels(page)).toEqual(['build', 'tools']);
  await expect(popup(page)).toContainText('stage 0: FROM golang:1.22');
});

test('RUN -- offers the flags', async ({ page }) => {
  await emptyEditor(page);
  await page.keyboard.type('FROM alpine:3.20\nRUN --');
  await expect(popup(page)).toBeVisible();
  expect(await labels(page)).toEqual(['--mount', '--network', '--security']);
  await page.screenshot({ path: path.join(shots, 'assist-flags.png') });
  // Escape closes the list and leaves the text as typed.
  await page.keyboard.press('Escape');
  await expect(popup(page)).toBeHidden();
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\nRUN --');
});

/** Moves the mouse over `needle` (its `at`-th character) on the line that holds it. */
async function hoverText(page: Page, needle: string, at = 2) {
  const box = await content(page).evaluate(
    (el, [needle, at]) => {
      for (const line of Array.from(el.querySelectorAll('.cm-line'))) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let n: Node | null;
        const nodes: Text[] = [];
        while ((n = walker.nextNode())) nodes.push(n as Text);
        const full = nodes.map((t) => t.data).join('');
        const i = full.indexOf(needle as string);
        if (i < 0) continue;
        let k = i + (at as number);
        for (const t of nodes) {
          if (k < t.data.length) {
            const r = document.createRange();
            r.setStart(t, k);
            r.setEnd(t, k + 1);
            const b = r.getBoundingClientRect();
            return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
          }
          k -= t.data.length;
        }
      }
      return null;
    },
    [needle, at] as [string, number],
  );
  expect(box, `${needle} on the page`).not.toBeNull();
  await page.mouse.move(0, 0);
  await page.mouse.move(box!.x, box!.y);
}

const hover = (page: Page) => page.getByTestId('editor-hover');

test('hover on a base image and on an instruction shows the analysis', async ({ page }) => {
  await fresh(page, seed04Link);
  await expect.poll(() => editorText(page)).toContain('FROM python:3.8-slim');
  // The analysis has arrived when the editor shows its findings.
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();

  await expect(async () => {
    await hoverText(page, 'python:3.8-slim', 8);
    await expect(hover(page)).toBeVisible({ timeout: 1500 });
  }).toPass();
  const image = await hover(page).innerText();
  for (const word of ['python:3.8-slim', 'Debian', 'glibc', 'MB', 'end of life']) {
    expect(image).toContain(word);
  }
  await page.screenshot({ path: path.join(shots, 'assist-hover-image.png') });

  await expect(async () => {
    await hoverText(page, 'RUN pip install', 1);
    await expect(hover(page)).toContainText('Layer (line 8)', { timeout: 1500 });
  }).toPass();
  expect(await hover(page).innerText()).toMatch(/Layer \(line 8\): .*\d+(\.\d+)? (kB|MB)/);
  await page.screenshot({ path: path.join(shots, 'assist-hover-layer.png') });
});

test('hover follows the edited text', async ({ page }) => {
  await fresh(page, '/' + shareLink(seed04));
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await content(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nRUN true');
  const line = (await editorText(page)).split('\n').indexOf('RUN true') + 1;
  // The hover reads the analysis of the current text only (web/src/assist.rs):
  // once it arrives, the new RUN has its layer.
  await expect(async () => {
    await hoverText(page, 'RUN true', 1);
    await expect(hover(page)).toContainText(`Layer (line ${line})`, { timeout: 1500 });
  }).toPass();
});
