// A project in the page (issue 16, part 3): "Open folder" (a directory
// input) and drops read the Dockerfile(s) and the build context in the
// browser, honour .dockerignore, offer a choice of Dockerfiles, and replace
// the text recoverably. The folders are written at test time from
// shared/seeds (seed 04 and its context, context/002).
//
// Drops: Playwright cannot drag a real folder from the desktop, and a
// DataTransfer built in the page holds File objects only: Chrome gives its
// items no directory entry (webkitGetAsEntry() is null). So
//  - the loose-files drop is a real DataTransfer with real Files, dispatched
//    as dragover + drop on the editor (the page's own code path for files);
//  - the folder drop is the same, with webkitGetAsEntry() answering a
//    FileSystemDirectoryEntry stand-in (isDirectory, createReader().
//    readEntries in batches, file()) over the same Files: the walk the page
//    does over Chrome's entries, driven through the same API.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { editorText, failOnPageErrors, fresh } from './helpers';

const shots = path.join(__dirname, 'screenshots');
const seeds = path.resolve(__dirname, '..', '..', 'shared', 'seeds');
const SEED_04 = fs.readFileSync(path.join(seeds, '04_ru_user_local_multistage.Dockerfile'), 'utf8');
const CONTEXT_002 = path.join(seeds, 'context', '002');
const REQUIREMENTS = fs.readFileSync(path.join(CONTEXT_002, 'requirements.txt'), 'utf8');
const SERVER = fs.readFileSync(path.join(CONTEXT_002, 'src', 'server.py'), 'utf8');

failOnPageErrors();

/** A folder named `name` holding seed 04 as Dockerfile, its context, and `extra` files. */
function seedFolder(name: string, extra: Record<string, string> = {}): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-folder-')), name);
  const files: Record<string, string> = {
    Dockerfile: SEED_04,
    'requirements.txt': REQUIREMENTS,
    'src/server.py': SERVER,
    ...extra,
  };
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  return root;
}

/** Every request the page makes from now on that is not a GET (an upload would be one). */
function watchUploads(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' || r.postData()) sent.push(`${r.method()} ${r.url()}`);
  });
  return sent;
}

const finding18 = (page: Page) =>
  page.locator('[data-testid="findings"] > li.finding[data-line="18"][data-severity="error"]').first();

/** Seed 04's line 18 error, stated with the real package (requirements.txt says flask), no assumption. */
async function expectLine18WithPackages(page: Page) {
  await expect.poll(() => editorText(page)).toBe(SEED_04);
  const f = finding18(page);
  await expect(f).toBeVisible();
  await expect(f).toHaveAttribute('data-rule', 'python-packages-left-behind');
  await expect(f).toContainText('flask with its dependencies in /root/.local/lib/python3.8/site-packages');
  // The requirements were read: nothing is assumed about them.
  await expect(f.getByTestId('assumption')).toHaveCount(0);
  await expect(page.getByTestId('context-unknown')).toHaveCount(0);
}

async function openFolder(page: Page, dir: string) {
  await page.getByTestId('folder-input').setInputFiles(dir);
}

test('Open folder: seed 04 with its context, the line-18 error with the real package names, nothing uploaded', async ({ page }) => {
  await fresh(page);
  const before = await editorText(page);
  const button = page.getByTestId('open-folder');
  await expect(button).toBeVisible();
  await expect(button).toHaveAccessibleName('Open folder…');
  await expect(page.getByTestId('folder-input')).toHaveAttribute('webkitdirectory', /.*/);
  await expect(page.getByTestId('folder-local')).toContainText('read in your browser, nothing is uploaded');
  // Keyboard reachable: Tab from the gallery's last button lands on it, and
  // Enter opens the directory picker.
  await page.getByTestId('compare').focus();
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  expect(chooser.element()).toBeTruthy();
  await expect(page.getByTestId('folder-input')).toHaveAttribute('type', 'file');

  const uploads = watchUploads(page);
  await openFolder(page, seedFolder('002'));
  await expectLine18WithPackages(page);
  const summary = page.getByTestId('folder-summary');
  await expect(summary).toContainText('Opened Dockerfile (folder 002); build context: 3 files.');
  await expect(summary).toHaveAttribute('data-whole', 'true');
  // The context: sizes of every file, the text of requirements.txt in its tab.
  const ctx = page.getByTestId('context');
  await expect(ctx.locator('summary')).toContainText('3 files');
  await ctx.locator('summary').click();
  await expect(page.getByTestId('ctx-text')).toHaveValue(REQUIREMENTS);
  await expect(ctx.locator('.ctx-files')).toContainText('src/server.py');
  await expect(ctx.locator('.ctx-files')).toContainText(`${SERVER.length} B`);
  // A tab for every manifest kind the analysis reads.
  for (const kind of ['requirements.txt', 'pyproject.toml', 'package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'go.mod', 'Cargo.toml', '.dockerignore']) {
    await expect(ctx.locator(`[data-tab="${kind}"]`)).toHaveCount(1);
  }
  // The text it replaced is offered back, as a link's is.
  await expect(page.getByTestId('restore-previous')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'folder-opened.png') });
  await page.getByTestId('restore-previous').click();
  await expect.poll(() => editorText(page)).toBe(before);
  expect(uploads).toEqual([]);
});

test('a dropped folder (synthetic drop over the editor) opens seed 04 with its context; the editor does not insert the files', async ({ page }) => {
  await fresh(page);
  const uploads = watchUploads(page);
  // Dragging over the pane shows the drop zone, which says nothing leaves the browser.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'x'));
    document.querySelector('.cm-content')!.dispatchEvent(
      new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }),
    );
  });
  await expect(page.getByTestId('drop-overlay')).toContainText('nothing leaves it');
  await page.screenshot({ path: path.join(shots, 'folder-drop-overlay.png') });
  await page.evaluate(
    ({ dockerfile, requirements, server }) => {
      const files: Record<string, File> = {
        Dockerfile: new File([dockerfile], 'Dockerfile'),
        'requirements.txt': new File([requirements], 'requirements.txt'),
        'src/server.py': new File([server], 'server.py'),
      };
      // FileSystemEntry stand-ins over the Files: a folder "002".
      type Node = { [name: string]: Node | File };
      const tree: Node = {};
      for (const [p, f] of Object.entries(files)) {
        const parts = p.split('/');
        let at = tree;
        for (const d of parts.slice(0, -1)) at = (at[d] ??= {}) as Node;
        at[parts[parts.length - 1]] = f;
      }
      const entry = (name: string, node: Node | File): unknown =>
        node instanceof File
          ? { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => setTimeout(() => ok(node)) }
          : {
              name,
              isFile: false,
              isDirectory: true,
              createReader() {
                // Chrome answers in batches and then with an empty one; so does this.
                const all = Object.entries(node).map(([n, c]) => entry(n, c));
                let done = false;
                return {
                  readEntries(ok: (e: unknown[]) => void) {
                    const batch = done ? [] : all;
                    done = true;
                    setTimeout(() => ok(batch));
                  },
                };
              },
            };
      const root = entry('002', tree);
      DataTransferItem.prototype.webkitGetAsEntry = function () {
        return root as FileSystemEntry;
      };
      const dt = new DataTransfer();
      dt.items.add(files.Dockerfile);
      document.querySelector('.cm-content')!.dispatchEvent(
        new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }),
      );
    },
    { dockerfile: SEED_04, requirements: REQUIREMENTS, server: SERVER },
  );
  await expectLine18WithPackages(page);
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  const summary = page.getByTestId('folder-summary');
  await expect(summary).toContainText('Opened Dockerfile (folder 002); build context: 3 files.');
  await expect(summary).toHaveAttribute('data-whole', 'true');
  expect(uploads).toEqual([]);
});

test('dropped loose files (a real DataTransfer of Files) open as a part of a context', async ({ page }) => {
  await fresh(page);
  await page.evaluate(
    ({ dockerfile, requirements }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([dockerfile], 'Dockerfile'));
      dt.items.add(new File([requirements], 'requirements.txt'));
      document.querySelector('.cm-content')!.dispatchEvent(
        new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }),
      );
    },
    { dockerfile: SEED_04, requirements: REQUIREMENTS },
  );
  await expectLine18WithPackages(page);
  const summary = page.getByTestId('folder-summary');
  await expect(summary).toHaveAttribute('data-whole', 'false');
  await expect(summary).toContainText('loose files are a part of a context');
  // src/ was not dropped: with a partial context it may exist, so no error on line 20.
  await expect(page.locator('li.finding[data-line="20"][data-severity="error"]')).toHaveCount(0);
});

test('.dockerignore is honoured: ignored files are not in the context, and a COPY of one fails', async ({ page }) => {
  await fresh(page);
  await openFolder(page, seedFolder('ignoring', {
    '.dockerignore': '.git\nsrc\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
  }));
  await expect.poll(() => editorText(page)).toBe(SEED_04);
  const summary = page.getByTestId('folder-summary');
  await expect(summary).toContainText('build context: 3 files');
  await expect(summary).toContainText('2 files left out by .dockerignore');
  const ctx = page.getByTestId('context');
  await ctx.locator('summary').click();
  await expect(ctx.locator('.ctx-files')).not.toContainText('.git/HEAD');
  await expect(ctx.locator('.ctx-files')).not.toContainText('src/server.py');
  await ctx.locator('[data-tab=".dockerignore"]').click();
  await expect(page.getByTestId('ctx-text')).toHaveValue('.git\nsrc\n');
  // The folder is the whole context: `COPY ./src .` names a directory .dockerignore leaves out.
  const line20 = page.locator('[data-testid="findings"] > li.finding[data-line="20"][data-severity="error"]');
  await expect(line20.first()).toBeVisible();
  await expect(line20.first()).toHaveAttribute('data-rule', 'copy-source-missing');
  await expect(finding18(page)).toContainText('flask');
  await page.screenshot({ path: path.join(shots, 'folder-dockerignore.png') });
});

test('a folder with several Dockerfiles offers a choice', async ({ page }) => {
  await fresh(page);
  await openFolder(page, seedFolder('multi', {
    'tools/api.Dockerfile': 'FROM alpine:3.20\nCOPY requirements.txt /\n',
  }));
  const choice = page.getByTestId('dockerfile-choice');
  await expect(choice).toContainText('This folder has 2 Dockerfiles');
  await expect(choice.locator('button[data-dockerfile]')).toHaveText(['Dockerfile', 'tools/api.Dockerfile']);
  await page.screenshot({ path: path.join(shots, 'folder-choice.png') });
  await choice.locator('button[data-dockerfile="tools/api.Dockerfile"]').click();
  await expect.poll(() => editorText(page)).toBe('FROM alpine:3.20\nCOPY requirements.txt /\n');
  await expect(page.getByTestId('folder-summary')).toContainText('Opened tools/api.Dockerfile (folder multi)');
});

test('a folder without a Dockerfile: its files become the context of the current text only when asked', async ({ page }) => {
  await fresh(page);
  const before = await editorText(page);
  const dir = seedFolder('no-dockerfile');
  fs.rmSync(path.join(dir, 'Dockerfile'));
  await openFolder(page, dir);
  await expect(page.getByTestId('folder-status')).toContainText('No Dockerfile in this folder');
  await expect(page.getByTestId('context').locator('summary')).toContainText('0 files');
  await page.getByTestId('use-as-context').click();
  await expect(page.getByTestId('context').locator('summary')).toContainText('2 files');
  expect(await editorText(page)).toBe(before);
});

test('a huge folder: the walk stops at 10,000 files (what a link carries), says so, treats the context as partial, and the page stays responsive', async ({ page }) => {
  test.setTimeout(120_000);
  await fresh(page);
  const dir = seedFolder('huge');
  for (let d = 0; d < 21; d++) {
    const sub = path.join(dir, 'data', `d${d}`);
    fs.mkdirSync(sub, { recursive: true });
    for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(sub, `f${i}.bin`), 'x');
  }
  // The page's own time, from the input's change event to the summary.
  await page.evaluate(() => {
    const w = window as unknown as { changedAt?: number };
    document.querySelector('[data-testid="folder-input"]')!.addEventListener('change', () => {
      w.changedAt = performance.now();
    }, { capture: true });
  });
  const started = Date.now();
  await openFolder(page, dir);
  const summary = page.getByTestId('folder-summary');
  await expect(summary).toContainText('stopped after 10000 files', { timeout: 60_000 });
  const inPage = await page.evaluate(() => performance.now() - (window as unknown as { changedAt: number }).changedAt);
  await expect(summary).toHaveAttribute('data-whole', 'false');
  console.log(`huge folder (10,503 files): summary ${Date.now() - started} ms after setInputFiles began, ${Math.round(inPage)} ms after the change event`);
  // Responsive: a round trip through the page's event loop is quick.
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  console.log(`a frame after it: ${Date.now() - t0} ms`);
  await page.getByTestId('context').locator('summary').click();
  await expect(page.getByTestId('ctx-more')).toContainText('more files (counted in the analysis)');
  // The autosave holds it and reads it back.
  const text = await editorText(page);
  const count = await page.getByTestId('context').locator('summary').textContent();
  await page.waitForTimeout(1000);
  await page.reload();
  await expect.poll(() => editorText(page)).toBe(text);
  await expect(page.getByTestId('context').locator('summary')).toHaveText(count!);
  await expect(page.locator('[role="alert"]')).toHaveCount(0);
});
