// End-to-end tests of the built site (dist/) in Debian's headless chromium.
// Run with `scripts/test`, which builds dist/ first; Playwright never
// downloads a browser here.
import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const dist = path.resolve(__dirname, '..', '..', 'dist');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  throw new Error(`${dist}/index.html is missing: build the site first (scripts/build)`);
}

// A port of its own, so that a running `scripts/serve` (8080) is no obstacle.
const port = Number(process.env.LAYERLAB_E2E_PORT ?? 8765);
// The host pages' origin for the embed tests (LAYERLAB_E2E_HOST_PORT, else port + 10).
const hostPort = Number(process.env.LAYERLAB_E2E_HOST_PORT ?? port + 10);
const hosts = path.resolve(__dirname, '.hosts');
fs.mkdirSync(hosts, { recursive: true });

export default defineConfig({
  testDir: '.',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    // The interface follows the browser's language: tests start in English.
    locale: 'en-US',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      // A plain static server for dist/, on loopback only.
      command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory "${dist}"`,
      url: `http://127.0.0.1:${port}/index.html`,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      // Another origin for the host pages of the embed tests (embed.spec.ts
      // writes them into tests/e2e/.hosts/): a blog that embeds the playground.
      command: `python3 -m http.server ${hostPort} --bind 127.0.0.1 --directory "${hosts}"`,
      url: `http://127.0.0.1:${hostPort}/`,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});
