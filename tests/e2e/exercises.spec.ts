// Exercises: a seed with goals turns from unmet to met as the student types
// the fix, and "done" appears; a teacher sets goals, makes a link, and the
// goals come back with the link and after a reload. Screenshots go to
// tests/e2e/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { content, editorText, failOnPageErrors, fresh as freshPage } from './helpers';

const shots = path.join(__dirname, 'screenshots');

failOnPageErrors();

const fresh = (page: Page) => freshPage(page, '/?lang=en');

const goals = (page: Page) => page.getByTestId('goals');
const goal = (page: Page, text: string) => goals(page).locator(`li[data-goal="${text}"]`);

test('an exercise goes from unmet to met as the fix is typed, then "done"', async ({ page }) => {
  await fresh(page);
  // No exercise yet: no done state.
  await expect(page.getByTestId('goals-done')).toHaveCount(0);

  await page.getByTestId('examples').click();
  await expect(page.getByTestId('exercise-list')).toBeVisible();
  await page.getByTestId('exercise-list').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'exercise-gallery.png') });
  await page.locator('[data-exercise="ex-01-tag"]').click();
  await expect.poll(() => editorText(page)).toContain('# goal: no finding base-tag-not-published');

  await expect(page.getByTestId('exercise-task')).toContainText('A tag that exists');
  await expect(goals(page).locator('li[data-goal-status]')).toHaveCount(2);
  await expect(goal(page, 'no finding base-tag-not-published')).toHaveAttribute('data-goal-status', 'unmet');
  await expect(goal(page, 'no errors')).toHaveAttribute('data-goal-status', 'unmet');
  await expect(goal(page, 'no errors')).toContainText('first on line 3');
  await expect(page.getByTestId('goals-done')).toHaveCount(0);
  await expect(page.getByTestId('goals-count')).toHaveText('0/2');
  await page.screenshot({ path: path.join(shots, 'exercise-unmet.png') });

  // Line 3 is `FROM python:3.12-slim-buster AS base`: replace "buster" by typing.
  await content(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  for (let i = 0; i < ' AS base'.length; i++) await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < 'buster'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('bookworm');
  await expect.poll(() => editorText(page)).toContain('FROM python:3.12-slim-bookworm AS base');

  await expect(goal(page, 'no finding base-tag-not-published')).toHaveAttribute('data-goal-status', 'met');
  await expect(goal(page, 'no errors')).toHaveAttribute('data-goal-status', 'met');
  await expect(page.getByTestId('goals-count')).toHaveText('2/2');
  await expect(page.getByTestId('goals-done')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'exercise-done.png') });

  // Breaking it again takes "done" away.
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => editorText(page)).not.toContain('bookworm');
  await expect(page.getByTestId('goals-done')).toHaveCount(0);
});

test('teacher mode: goals in the link survive opening and reloading', async ({ page, context }) => {
  await fresh(page);
  await content(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type('FROM python:3.12-slim');
  await page.keyboard.press('Enter');

  await page.getByTestId('teacher-mode').click();
  const editor = page.getByTestId('goals-editor');
  // A malformed goal is reported with its position.
  await editor.fill('sise < 1GB');
  await expect(page.getByTestId('goal-error')).toContainText('line 1, column 1');
  await expect(page.getByTestId('goal-error')).toContainText('did you mean “size”');
  await editor.fill('user != root\nsize < 1GB');
  await expect(page.getByTestId('goal-error')).toHaveCount(0);
  await expect(goal(page, 'user != root')).toHaveAttribute('data-goal-status', 'unmet');
  await expect(goal(page, 'size < 1GB')).toHaveAttribute('data-goal-status', 'met');
  await page.screenshot({ path: path.join(shots, 'exercise-teacher.png') });

  await page.getByTestId('teacher-link').click();
  const link = await page.getByTestId('teacher-link-url').inputValue();
  expect(link).toMatch(/#v1\.[A-Za-z0-9_-]+$/);

  // The student opens the link in a fresh page.
  const other = await context.newPage();
  await other.goto('/?lang=en');
  await other.evaluate(() => localStorage.clear());
  await other.goto(link);
  await expect.poll(() => editorText(other)).toBe('FROM python:3.12-slim\n');
  await expect(goal(other, 'user != root')).toHaveAttribute('data-goal-status', 'unmet');
  await expect(goal(other, 'size < 1GB')).toHaveAttribute('data-goal-status', 'met');
  // The goals are not in the text: the student fixes the Dockerfile.
  await content(other).click();
  await other.keyboard.press('ControlOrMeta+End');
  await other.keyboard.type('USER app');
  await expect(goal(other, 'user != root')).toHaveAttribute('data-goal-status', 'met');
  await expect(other.getByTestId('goals-done')).toBeVisible();

  // A reload restores the autosaved session, goals included.
  await other.reload();
  await expect.poll(() => editorText(other)).toBe('FROM python:3.12-slim\nUSER app');
  await expect(goals(other).locator('li[data-goal-status="met"]')).toHaveCount(2);
  await expect(other.getByTestId('goals-done')).toBeVisible();
  await other.getByTestId('teacher-mode').click();
  await expect(other.getByTestId('goals-editor')).toHaveValue('user != root\nsize < 1GB');
  await other.close();

  // The teacher may write the goals into the file instead.
  await page.getByTestId('goals-into-file').click();
  await expect.poll(() => editorText(page)).toBe(
    '# goal: user != root\n# goal: size < 1GB\nFROM python:3.12-slim\n',
  );
  await expect(editor).toHaveValue('');
  await expect(goals(page).locator('li[data-goal-status]')).toHaveCount(2);
});

test('goal texts follow the page language', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/?lang=ru');
  await page.getByTestId('examples').click();
  await page.locator('[data-exercise="ex-07-nonroot"]').click();
  await expect(page.getByTestId('exercise-task')).toContainText('Без прав root');
  await expect(goal(page, 'user != root')).toContainText('Запускается не от root');
  await expect(goal(page, 'user != root')).toHaveAttribute('data-goal-status', 'unmet');
  await page.screenshot({ path: path.join(shots, 'exercise-ru.png') });
});
