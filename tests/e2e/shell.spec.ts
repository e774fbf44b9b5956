// RUN scripts read like a shell expert (issue 13): a bash-ism under the
// image's dash is reported on the exact word, with the shell named and
// ShellCheck's code beside the rule; the one-click fix rewrites that word;
// the same line under `SHELL ["/bin/bash", "-c"]` is silent. Screenshot:
// tests/e2e/screenshots/shell-bashism.png.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { clearEditor, editorText, failOnPageErrors, fresh, pasteText } from './helpers';

const shots = path.join(__dirname, 'screenshots');

const DASH = `FROM python:3.12-slim
RUN mkdir -p /app/{logs,tmp} && d=$(pwd) && cp -r $d /srv
`;

const problems = (page: Page) => page.locator('section[aria-labelledby="problems-title"]');

failOnPageErrors();

async function paste(page: Page, text: string) {
  await fresh(page);
  await clearEditor(page);
  await pasteText(page, text);
  await expect.poll(() => editorText(page)).toBe(text);
}

test('a bash-ism under dash is reported on its word with the shell and the SC code, and its fix rewrites the word', async ({ page }) => {
  await paste(page, DASH);
  const finding = problems(page).locator('[data-rule="sh-bashism"]');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('/bin/sh in python:3.12-slim is dash');
  await expect(finding).toContainText('/app/{logs,tmp}');
  await expect(finding.locator('code.rule.sc')).toHaveText('SC3009');
  // The quoting rule answers to its ShellCheck code too.
  const quoting = problems(page).locator('[data-rule="unquoted-expansion"]');
  await expect(quoting.locator('code.rule.sc')).toHaveText('SC2086');
  // The editor underlines exactly the brace expansion (the only warning).
  const marks = page.locator('.cm-content .cm-lintRange-warning');
  await expect.poll(async () => (await marks.allTextContents()).join('')).toBe('{logs,tmp}');
  // The simulation reads it as dash does: one directory named with braces.
  await expect(page.getByText('/app/{logs,tmp}/', { exact: true })).toBeVisible();
  await problems(page).screenshot({ path: path.join(shots, 'shell-bashism.png') });

  await finding.getByTestId('fix').click();
  await expect.poll(() => editorText(page)).toContain('mkdir -p /app/logs /app/tmp');
  await expect(problems(page).locator('[data-rule="sh-bashism"]')).toHaveCount(0);
});

test('the same line under SHELL bash is silent', async ({ page }) => {
  await paste(page, DASH.replace('FROM python:3.12-slim\n', 'FROM python:3.12-slim\nSHELL ["/bin/bash", "-c"]\n'));
  await expect(problems(page).locator('[data-rule="unquoted-expansion"]')).toHaveCount(1);
  await expect(problems(page).locator('[data-rule="sh-bashism"]')).toHaveCount(0);
});
