// "Format" in the page (issue 16, part 4): the formatter `layerlab fmt`
// uses, applied through the editor as one edit (Ctrl+Z undoes it); a file
// BuildKit rejects is left alone, and the page says where.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { clearEditor, cliBinary, editorText, failOnPageErrors, fresh, pasteText } from './helpers';

failOnPageErrors();

/** What `layerlab fmt -` writes for `text`. */
function cliFormat(text: string): string {
  const run = spawnSync(cliBinary(), ['fmt', '-'], { input: text });
  expect(run.status, run.stderr.toString()).toBe(0);
  return run.stdout.toString();
}

test('Format applies what layerlab fmt writes, and Ctrl+Z undoes it', async ({ page }) => {
  await fresh(page);
  await clearEditor(page);
  const messy = 'from python:3.12-slim\nrun  pip install flask\ncopy  . /app\ncmd ["python",  "app.py"]';
  await pasteText(page, messy);
  await expect.poll(() => editorText(page)).toBe(messy);
  await page.getByTestId('format').click();
  const want = cliFormat(messy);
  // The editor's lines (a final newline shows as an empty last line).
  await expect.poll(() => editorText(page)).toBe(want);
  await expect(page.getByTestId('format-status')).toContainText('Formatted');
  // Formatting again changes nothing.
  await page.getByTestId('format').click();
  await expect(page.getByTestId('format-status')).toContainText('Already formatted');
  // One undo step restores the text as it was.
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect.poll(() => editorText(page)).toBe(messy);
});

test('a file BuildKit rejects is left as it is, and the page says which line', async ({ page }) => {
  await fresh(page);
  await clearEditor(page);
  const broken = 'from alpine\nRUN <<EOF\necho hi';
  await pasteText(page, broken);
  await page.getByTestId('format').click();
  await expect(page.getByTestId('format-status')).toContainText('line 2');
  expect(await editorText(page)).toBe(broken);
});
