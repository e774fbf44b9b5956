// The package tables' long tail (issue 14): the page's module embeds only
// the first screen's package rows; the first time an analysis needs a
// package it lacks, the page fetches long-tail.txt once, and the analysis
// shows the same size as the CLI (which embeds every row). The first load
// never fetches it.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearEditor, cliBinary, failOnPageErrors, fresh, pasteText } from './helpers';

const cli = cliBinary;

/** The CLI's image size for `text` (no build context). */
function cliImageBytes(text: string): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlab-long-tail-'));
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, text);
  // Exit code 1 means error findings; the JSON is on stdout either way.
  const run = spawnSync(cli(), ['check', '--format', 'json', file]);
  return JSON.parse(run.stdout.toString()).image.size_bytes;
}

failOnPageErrors();

function countLongTail(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/long-tail.txt')) n += 1;
  });
  return () => n;
}

test('the first screen does not fetch the long tail; a package outside it does, once', async ({ page }) => {
  const fetched = countLongTail(page);
  await fresh(page);
  const size = page.getByTestId('image-size');
  await expect(size).toHaveAttribute('data-bytes', /^[1-9]\d*$/);
  // Time enough for a fetch that an analysis would have started.
  await page.waitForTimeout(1000);
  expect(fetched()).toBe(0);

  // absl-py is not in the page's first-screen rows: its layer needs the long tail.
  const pip = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir absl-py==2.3.1\n';
  await clearEditor(page);
  await pasteText(page, pip);
  await expect(size).toHaveAttribute('data-bytes', String(cliImageBytes(pip)));
  await expect(size).toHaveAttribute('data-complete', 'true');
  expect(fetched()).toBe(1);

  // An npm package and a Debian package outside the first screen: no second fetch.
  const more =
    'FROM node:22-bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*\nRUN npm install -g typescript@5\n';
  await clearEditor(page);
  await pasteText(page, more);
  await expect(size).toHaveAttribute('data-bytes', String(cliImageBytes(more)));
  expect(fetched()).toBe(1);
});
