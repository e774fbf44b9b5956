// Shared steps of the end-to-end specs.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Fails each test on any uncaught error or console error in its page. Call
 * once per spec file; the returned function watches further pages too
 * (pages of contexts a test makes itself).
 */
export function failOnPageErrors(): (page: Page) => void {
  let problems: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
  };
  test.beforeEach(async ({ page }) => {
    problems = [];
    watch(page);
  });
  test.afterEach(async () => {
    expect(problems).toEqual([]);
  });
  return watch;
}

export const content = (page: Page) => page.locator('.cm-content');

/** The editor's text (CodeMirror keeps it in its state; read it through the DOM lines). */
export async function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content').evaluate((el) =>
    Array.from(el.querySelectorAll('.cm-line')).map((l) => l.textContent ?? '').join('\n'),
  );
}

/** The page with no saved session. */
export async function fresh(page: Page, url = '/') {
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(url);
  await expect(content(page)).toBeVisible();
}

export async function clearEditor(page: Page) {
  await content(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await expect.poll(() => editorText(page)).toBe('');
}

/** Types line by line, Enter between lines. */
export async function typeLines(page: Page, lines: string[]) {
  for (const l of lines) {
    await page.keyboard.type(l);
    await page.keyboard.press('Enter');
  }
}

/** Pastes `text` at the caret, as Ctrl+V does: a paste event carrying the text. */
export async function pasteText(page: Page, text: string) {
  await content(page).click();
  await content(page).evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * Records `securitypolicyviolation` events in every frame of `page` (call
 * before the first goto); the returned function reads them, from the page
 * and its frames.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return async () => {
    const out: string[] = [];
    for (const f of page.frames()) {
      try {
        out.push(...((await f.evaluate(() => (window as any).__csp ?? [])) as string[]));
      } catch {
        // A frame that went away.
      }
    }
    return out;
  };
}

/**
 * A v1 share link (web/src/share.rs): `#v1.` + base64url(raw deflate) of
 * length-prefixed fields: text, target, the context files (path, `t`/`s`,
 * text/size), then the keyed extras.
 */
export function shareLink(
  text: string,
  opts: { target?: string; files?: [string, 't' | 's', string][]; extra?: [string, string][] } = {},
): string {
  const f = (s: string) => `${Buffer.byteLength(s)}:${s}`;
  const files = opts.files ?? [];
  let raw = f(text) + f(opts.target ?? '') + f(String(files.length));
  for (const [p, k, v] of files) raw += f(p) + f(k) + f(v);
  const extra = opts.extra ?? [];
  if (extra.length) {
    raw += f(String(extra.length));
    for (const [k, v] of extra) raw += f(k) + f(v);
  }
  return '#v1.' + zlib.deflateRawSync(Buffer.from(raw), { level: 9 }).toString('base64url');
}

/**
 * The generated file of the benchmarks and the worker tests: `lines` lines,
 * stages of 48 instructions (ENV, RUN, COPY, WORKDIR), each built on the
 * previous one (5,000 lines: 104 stages).
 */
export function bigDockerfile(lines: number): string {
  const out: string[] = [];
  let stage = 0;
  while (out.length < lines) {
    out.push(stage === 0 ? 'FROM python:3.12-slim AS s0' : `FROM s${stage - 1} AS s${stage}`);
    for (let i = 0; i < 48; i++) {
      const k = stage * 100 + i;
      out.push(i % 4 === 0 ? `ENV V${k}=value${k}` : i % 4 === 1 ? `RUN echo step ${k} > /tmp/f${k}` : i % 4 === 2 ? `COPY f${k}.txt /app/f${k}.txt` : `WORKDIR /app/d${k}`);
    }
    out.push('');
    stage++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** The CLI binary: $LAYERLAB_BIN, else the most recently built one in target/. */
export function cliBinary(): string {
  if (process.env.LAYERLAB_BIN) return process.env.LAYERLAB_BIN;
  const root = path.join(__dirname, '..', '..');
  const found = ['release', 'debug']
    .map((p) => path.join(root, 'target', p, 'layerlab'))
    .filter((p) => fs.existsSync(p))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!found) throw new Error('build the CLI first: cargo build -p layerlab-cli');
  return found;
}
