// Hostile Dockerfiles pasted into the page (shared/reference/robustness-
// payloads.md, 1-5 and 9): the page answers with findings, keeps the text
// and stays responsive (an edit right after is analysed too).
import { expect, test, type Page } from '@playwright/test';
import { clearEditor, editorText, failOnPageErrors, fresh, pasteText } from './helpers';

failOnPageErrors();

const doubling = (keyword: string, n: number) =>
  `FROM alpine\n${keyword} A=xxxxxxxx\n` + `${keyword} A=$A$A\n`.repeat(n) + 'RUN echo $A\n';

const copyRoot = 'FROM alpine\n' + Array.from({ length: 20 }, (_, i) => `RUN cp -r / /c${i}\n`).join('');

let chain = 'FROM alpine AS s0\nRUN mkdir -p /x && touch /x/a\n';
for (let i = 1; i <= 20; i++) chain += `FROM s${i - 1} AS s${i}\nCOPY --from=s${i - 1} / /a\nCOPY --from=s${i - 1} / /b\n`;

const envPairs = 'FROM alpine\nENV ' + Array.from({ length: 20000 }, (_, i) => `k${i}=v${i}`).join(' ') + '\n';

const bidi = 'FROM alpine AS b\u202Edliub\nRUN echo "\u202Etxt.exe"\n';

async function pasteAndAnswer(page: Page, text: string, rule?: string) {
  await fresh(page);
  await clearEditor(page);
  await pasteText(page, text);
  // CodeMirror draws only part of a very long line: compare what it draws.
  const long = text.split('\n').some((l) => l.length > 2000);
  // It draws a bidirectional control as a visible placeholder (•), so the
  // line around it is not reordered.
  const drawn = (t: string) => t.replace(/\u202E/g, '•');
  const same = async (want: string) =>
    long
      ? expect.poll(async () => (await editorText(page)).slice(0, 500), { timeout: 15000 }).toBe(want.slice(0, 500))
      : expect.poll(() => editorText(page), { timeout: 15000 }).toBe(drawn(want));
  await same(text);
  const findings = page.locator('[data-testid="findings"] > li.finding');
  if (rule) {
    await expect(findings.filter({ hasText: rule }).first()).toBeVisible({ timeout: 15000 });
  }
  // Still responsive: an edit at the end is analysed.
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('USER root\n');
  if (long) {
    await expect.poll(() => editorText(page)).toContain('USER root');
  } else {
    await same(text + 'USER root\n');
  }
  await expect(page.locator('.finding[data-line]').first()).toBeVisible();
}

test('doubling ARG and ENV: the expansion is cut and the page says so', async ({ page }) => {
  await pasteAndAnswer(page, doubling('ARG', 28), 'simulation-truncated');
  await pasteAndAnswer(page, doubling('ENV', 28), 'simulation-truncated');
});

test('copying the root twenty times, and twenty chained stages doing it', async ({ page }) => {
  await pasteAndAnswer(page, copyRoot, 'simulation-truncated');
  await pasteAndAnswer(page, chain, 'simulation-truncated');
});

test('one ENV with 20,000 pairs, and bidirectional text', async ({ page }) => {
  await pasteAndAnswer(page, envPairs);
  await pasteAndAnswer(page, bidi);
  await expect(page.locator('.cm-specialChar').first()).toBeVisible();
});
