// Layerlab's analysis worker. The page (web/src/bridge/workers.rs) starts
// this module worker and sends, as its first message, the URLs of the page's
// own module: its JavaScript glue and its WebAssembly. Loading them starts
// the module's main(), which sees no window and answers the page's requests
// from then on (web/src/worker.rs). Only same-origin URLs are loaded; a
// start that fails says so (`Failed`, a `worker::Reply`).
self.onmessage = async (event) => {
  self.onmessage = null;
  try {
    const { js, wasm } = JSON.parse(event.data);
    for (const url of [js, wasm]) {
      if (new URL(url, self.location.href).origin !== self.location.origin) {
        throw new Error('refusing a module from another origin: ' + url);
      }
    }
    const module = await import(js);
    await module.default({ module_or_path: wasm });
  } catch (e) {
    self.postMessage(JSON.stringify({ Failed: { error: String(e) } }));
  }
};
