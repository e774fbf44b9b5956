// The interface in English, Russian and Chinese: the language follows the
// browser, the switch is remembered, and no English is left in the page's
// own words when another language is chosen (rule messages and rule
// documentation are English by design and are excluded).
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { failOnPageErrors } from './helpers';

const shots = path.join(__dirname, 'screenshots');

const watch = failOnPageErrors();

/**
 * Every English string of the interface, read from the Rust sources: the
 * first string of each `tr!(l, "…", "…", "…")` / `trf!(…)`. Placeholders
 * (`{n}`) split a string into the parts that must not appear.
 */
function englishStrings(): string[] {
  const dir = path.resolve(__dirname, '..', '..', 'web', 'src');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.rs')) files.push(p);
    }
  };
  walk(dir);
  const out = new Set<string>();
  const str = '"((?:[^"\\\\]|\\\\.)*)"';
  const re = new RegExp(`\\btrf?!\\(\\s*[A-Za-z_][\\w.]*\\s*,\\s*${str}\\s*,\\s*${str}\\s*,\\s*${str}`, 'g');
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(re)) {
      // A word that every language writes the same way (`Dockerfile`) is not a leftover.
      if (m[1] === m[2] || m[1] === m[3]) continue;
      for (const part of m[1].split(/\{[^}]*\}/)) {
        const t = part.replace(/\\n/g, ' ').trim();
        // Words of four letters or more; shorter bits ("·", "×", "EOL") say nothing.
        if (/[A-Za-z]{4,}/.test(t)) out.add(t);
      }
    }
  }
  return [...out];
}

/** The page's own text: visible text and labels, without the user's code, rule texts and rule docs. */
async function interfaceText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const skip = '.cm-editor, textarea, code, pre, .message, .assumption-text, .help, .docs, .fix, .stage-base, .args, .path, .from-badge .fact, .source span, .leftovers li, .took, [data-testid="file-tree"] .lines + .args, text, title, option[lang]';
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip)) continue;
      parts.push(n.textContent ?? '');
    }
    // A base tag's status detail and a layer's notes (tooltips) come from the
    // analysis, in English like the rule messages.
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder]'))) {
      if (el.closest(skip) || el.matches('.from-badge .status, .seg')) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
}

/** Opens everything that has words in it: a seed with findings, its docs, the context, the gallery. */
async function showEverything(page: Page) {
  await page.getByTestId('examples').click();
  await page.locator('[data-example="seed-04"]').click();
  await expect(page.getByTestId('image-size')).toBeVisible();
  await page.getByTestId('why').first().click();
  await page.getByTestId('context').locator('summary').click();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-link')).toBeVisible();
  await page.getByTestId('examples').click();
  await expect(page.getByTestId('example-list')).toBeVisible();
}

const english = englishStrings();

test('the interface strings are found in the sources (the check below can fail)', async () => {
  expect(english.length).toBeGreaterThan(60);
  expect(english).toContain('Problems');
});

for (const [lang, sample, locale] of [
  ['ru', 'Замечания', 'ru-RU'],
  ['zh', '问题', 'zh-CN'],
] as const) {
  test(`${lang}: chosen from the browser's language, no English left in the interface`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    watch(page);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('#problems-title')).toContainText(sample);
    await showEverything(page);
    const text = await interfaceText(page);
    const leftovers = english.filter((s) => text.includes(s));
    expect(leftovers, `English strings in the ${lang} page`).toEqual([]);
    // No Latin word of the interface survives either (hard-coded text would show here).
    // File names, paths and flags (`server.py`, `src/main.py`, `--install-option`)
    // are Docker's and the user's, not the interface's.
    const words = text.replace(/\S*[./]\S*/g, ' ').replace(/(^|\s)--?\S+/g, ' ');
    const latin = [...new Set(words.match(/\b[A-Za-z][a-z]{3,}\b/g) ?? [])].filter(
      (w) => !['Layerlab', 'Dockerfile', 'English', 'Alpine', 'Flask', 'Node', 'Java', 'Maven', 'Python', 'Debian', 'distroless', 'virtualenv', 'flask', 'python', 'install', 'requirements', 'prefix', 'local', 'root', 'slim', 'buster', 'node', 'main', 'base64url', 'jar', 'pip', 'user', 'build', 'builder', 'runtime', 'final', 'app', 'alpine', 'bookworm',
        // Docker's and files' own words: COPY --from, RUN --mount, package.json, .dockerignore.
        'from', 'mount', 'package', 'json', 'dockerignore', 'Virtualenv', 'iframe',
        // Keys, named as printed on them (the editor's hint: Escape, then Tab or Shift+Tab).
        'Escape', 'Shift',
        // A manifest's name without a dot (the context panel's tab).
        'Pipfile'].includes(w),
    );
    expect(latin, `Latin words in the ${lang} page`).toEqual([]);
    await page.screenshot({ path: path.join(shots, `lang-${lang}.png`), fullPage: false });
    await context.close();
  });
}

test('the language switch is remembered and overrides the browser', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  watch(page);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#problems-title')).toContainText('Problems');
  await page.getByTestId('lang').selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
  await expect(page.locator('#problems-title')).toContainText('问题');
  await page.reload();
  await expect(page.locator('#problems-title')).toContainText('问题');
  await page.getByTestId('lang').selectOption('ru');
  await expect(page.locator('#problems-title')).toContainText('Замечания');
  await page.getByTestId('lang').selectOption('en');
  await expect(page.locator('#problems-title')).toContainText('Problems');
  await context.close();
});
