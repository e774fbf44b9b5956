// Accessibility (docs/accessibility.md): axe-core (npm `axe-core`, pinned in
// package.json) runs in the built page with the WCAG 2.0/2.1 A and AA rules,
// in the light and the dark theme, on the full page (first screen, and with
// an example's findings, "Why?", the examples list, the build context and the
// share popover open) and on an embed (every panel). Any violation fails the
// test, with each one's rule, elements and axe's summary in the message.
// Screenshots go to tests/e2e/screenshots/a11y-*.png.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { clearEditor, failOnPageErrors, fresh } from './helpers';

const shots = path.join(__dirname, 'screenshots');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'] as const;

failOnPageErrors();

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
};

/**
 * Runs axe-core in `page` (WCAG 2.0 and 2.1, levels A and AA) and returns its
 * violations as readable lines: rule, impact, help, then each element's
 * selector and axe's summary of what is wrong with it.
 */
async function axeViolations(page: Page): Promise<string[]> {
  // page.evaluate is not subject to the page's Content-Security-Policy, a <script> would be.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations: Violation[] = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations;
  });
  const lines: string[] = [];
  for (const v of violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`);
    for (const n of v.nodes) {
      lines.push(`  ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`);
    }
  }
  return lines;
}

/** axe in both themes (prefers-color-scheme, the theme select left on "System"), with screenshots. */
async function expectNoViolations(page: Page, name: string) {
  const found: string[] = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    // Let transitions settle before colours are measured.
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(shots, `a11y-${name}-${colorScheme}.png`), fullPage: true });
    found.push(...(await axeViolations(page)).map((v) => `[${colorScheme}] ${v}`));
  }
  expect(found, `axe-core, ${name}:\n${found.join('\n')}`).toEqual([]);
}

test('the full page: the first screen has no axe violations, light and dark', async ({ page }) => {
  await fresh(page);
  await expect(page.getByTestId('image-size')).toBeVisible();
  await expectNoViolations(page, 'first-screen');
});

test('the caret on a later line: its highlighted line number keeps its contrast', async ({ page }) => {
  await fresh(page);
  await expect(page.locator('.cm-content')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('.cm-lineNumbers .cm-activeLineGutter')).not.toHaveText('1');
  await expectNoViolations(page, 'caret-later-line');
});

test('the full page with findings, "Why?", the examples, the build context and the share popover open', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await fresh(page);
  await page.getByTestId('examples').click();
  await expect(page.getByTestId('example-list')).toBeVisible();
  await expectNoViolations(page, 'examples-open');

  // Seed 04: errors, warnings and notes, fixes, assumptions.
  await page.locator('[data-example="seed-04"]').click();
  const findings = page.locator('[data-testid="findings"] > li');
  await expect(page.locator('[data-severity="error"]').first()).toBeVisible();
  expect(await findings.count()).toBeGreaterThan(3);
  await findings.first().getByTestId('why').click();
  await expect(findings.first().getByTestId('docs')).toContainText('Why it matters');
  await page.locator('[data-testid="context"] > summary').click();
  await page.locator('[data-testid="build-options"] > summary').click();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-link')).toBeVisible();
  await expectNoViolations(page, 'findings-why');
});

test.describe('before CodeMirror arrives', () => {
  // The service worker would answer the bundle's request where page.route never sees it.
  test.use({ serviceWorkers: 'block' });
  test('the pending editor (a textarea over the highlighted text) has no axe violations', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    // CodeMirror's bundle never comes: the pending editor stays.
    await page.route(/\/editor-[0-9a-f]{16}\.js$/, () => {});
    await page.goto('/');
    await expect(page.getByTestId('image-size')).toBeVisible();
    await expect(page.locator('.editor-pending-hl .k').first()).toBeVisible();
    await page.getByTestId('editor-pending').focus();
    await expectNoViolations(page, 'pending-editor');
  });
});

test('the plain-text editor has no axe violations', async ({ page }) => {
  await fresh(page);
  await page.getByTestId('toggle-editor').click();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expectNoViolations(page, 'plain-editor');
});

test('an exercise with its goals, teacher mode, and the compare view have no axe violations', async ({ page }) => {
  await fresh(page);
  await page.getByTestId('examples').click();
  await page.locator('[data-exercise]').first().click();
  await expect(page.getByTestId('exercise-task')).toBeVisible();
  await page.getByTestId('teacher-mode').click();
  await expect(page.getByTestId('teacher-mode')).toHaveAttribute('aria-pressed', 'true');
  await expectNoViolations(page, 'exercise-teacher');

  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await page.getByTestId('compare-load').selectOption({ index: 1 });
  await expect(page.getByTestId('compare-delta')).toBeVisible();
  await expectNoViolations(page, 'compare');
});

test('the Russian and Chinese interfaces have no axe violations', async ({ page }) => {
  await fresh(page);
  for (const lang of ['ru', 'zh']) {
    await page.getByTestId('lang').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.getByTestId('image-size')).toBeVisible();
    await expectNoViolations(page, `lang-${lang}`);
  }
});

test("the editor's completion list and hover have no axe violations", async ({ page }) => {
  await fresh(page);
  await clearEditor(page);
  await page.keyboard.type('FROM python:3.1');
  await expect(page.locator('.cm-tooltip-autocomplete')).toBeVisible();
  await page.waitForTimeout(150); // CodeMirror ignores keys in a list's first 75 ms
  await page.keyboard.press('ArrowDown'); // a selected option too
  await expect(page.locator('.cm-tooltip-autocomplete li[aria-selected]')).toBeVisible();
  await expectNoViolations(page, 'completion');

  await page.keyboard.press('Escape');
  await clearEditor(page);
  await page.keyboard.type('FROM python:3.8-slim\nRUN pip install flask\n');
  await expect(page.locator('.cm-lintRange-warning').first()).toBeVisible();
  const word = page.locator('.cm-line').first();
  const box = (await word.boundingBox())!;
  await expect(async () => {
    await page.mouse.move(0, 0);
    await page.mouse.move(box.x + 120, box.y + box.height / 2);
    await expect(page.getByTestId('editor-hover')).toBeVisible({ timeout: 1500 });
  }).toPass();
  await expectNoViolations(page, 'hover');
});

const APK_IN_DEBIAN = 'FROM python:3.12-slim\nRUN apk add --no-cache curl\nRUN pip install flask\nCMD ["python3"]\n';

for (const theme of SCHEMES) {
  test(`an embed (theme=${theme}), every panel, with "Why?" open, has no axe violations`, async ({ page }) => {
    await page.goto(`/?embed&theme=${theme}&code=${encodeURIComponent(APK_IN_DEBIAN)}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const tabs = page.locator('.embed-tab');
    await expect(tabs.first()).toBeVisible();
    await expect(page.locator('[data-testid="findings"] li').first()).toBeVisible();
    const found: string[] = [];
    const names = await tabs.evaluateAll((ts) => ts.map((t) => t.getAttribute('data-testid') ?? ''));
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) {
      await page.getByTestId(name).click();
      await expect(page.getByTestId(name)).toHaveAttribute('aria-selected', 'true');
      const why = page.getByTestId('why').first();
      if (await why.isVisible()) {
        await why.click();
        await expect(page.getByTestId('docs').first()).toContainText('Why it matters');
      }
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(shots, `a11y-embed-${theme}-${name}.png`), fullPage: true });
      found.push(...(await axeViolations(page)).map((v) => `[${name}] ${v}`));
    }
    expect(found, `axe-core, embed, ${theme} theme:\n${found.join('\n')}`).toEqual([]);
  });
}

test('a read-only embed inside another page has no axe violations', async ({ page }) => {
  await page.goto(`/?embed&readonly&code=${encodeURIComponent(APK_IN_DEBIAN)}`);
  await expect(page.locator('[data-testid="findings"] li').first()).toBeVisible();
  await expectNoViolations(page, 'embed-readonly');
});
