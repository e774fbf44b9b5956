// What the profiling scripts share: Debian's Chromium launched as the e2e
// tests launch it, seed 05 opened on a clean session, and a CDP session on
// the page's analysis worker (non-flat: messages go through
// Target.sendMessageToTarget).
const { chromium } = await import(new URL('../../node_modules/playwright-core/index.mjs', import.meta.url));

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser (JS_FLAGS in the environment go to V8) and a 1280×800 context. */
export async function launch(contextOptions = {}) {
  const args = [...CHROMIUM_ARGS, ...(process.env.JS_FLAGS ? ['--js-flags=' + process.env.JS_FLAGS] : [])];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...contextOptions });
  return { browser, context };
}

/** Opens the page on a clean session and loads seed 05 (analysed). */
export async function openSeed05(page, base) {
  await page.goto(base + '/');
  await page.evaluate(() => localStorage.clear());
  await page.goto(base + '/');
  await page.getByTestId('image-size').waitFor({ timeout: 90_000 });
  await page.getByTestId('examples').click();
  await page.locator('[data-example="seed-05"]').click();
  await page.locator('[data-rule="pip-no-cache-dir"]').first().waitFor();
}

/** The analysis worker's CDP session: `send(method, params)` and `evalW(expression)`. */
export async function attachWorker(context, page) {
  const cdp = await context.newCDPSession(page);
  let session = null, nextId = 1; const pending = new Map();
  cdp.on('Target.attachedToTarget', (e) => { if (e.targetInfo.type === 'worker' && e.targetInfo.url.includes('analysis-worker')) session = e.sessionId; });
  cdp.on('Target.receivedMessageFromTarget', (e) => { const m = JSON.parse(e.message); if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); } });
  const send = (method, params = {}) => new Promise((ok, fail) => { const id = nextId++; pending.set(id, (m) => m.error ? fail(new Error(JSON.stringify(m.error))) : ok(m.result)); cdp.send('Target.sendMessageToTarget', { sessionId: session, message: JSON.stringify({ id, method, params }) }); });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  for (let i = 0; i < 50 && !session; i++) await page.waitForTimeout(50);
  if (!session) throw new Error('no worker target');
  const evalW = async (expression) => { const r = await send('Runtime.evaluate', { expression, returnByValue: true }); if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails)); return r.result.value; };
  return { send, evalW };
}
