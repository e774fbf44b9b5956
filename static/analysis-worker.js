// Layerlab's analysis worker. The page (web/src/bridge/workers.rs) starts
// this module worker and sends, as its first message, the URLs of the page's
// own module (its JavaScript glue and its WebAssembly) and the WebAssembly
// module it already compiled (instantiated here without a second fetch or
// compile; the URL is the fallback). Loading them starts
// the module's main(), which sees no window and answers the page's requests
// from then on (web/src/worker.rs; its replies are bytes). Only same-origin
// URLs are loaded; a start that fails says so in the one text message the
// page ever receives from a worker.
self.onmessage = async (event) => {
  self.onmessage = null;
  try {
    const { js, wasm, module } = event.data;
    for (const url of [js, wasm]) {
      if (new URL(url, self.location.href).origin !== self.location.origin) {
        throw new Error('refusing a module from another origin: ' + url);
      }
    }
    const glue = await import(js);
    await glue.default({ module_or_path: module instanceof WebAssembly.Module ? module : wasm });
  } catch (e) {
    self.postMessage(JSON.stringify({ Failed: { error: String(e) } }));
  }
};
