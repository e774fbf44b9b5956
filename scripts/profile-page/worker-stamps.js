// Prepended to analysis-worker.js in dist-inst/ (measurement only): stamps
// each request's arrival, the reply's postMessage and the handler's end,
// in ms since the epoch (performance.timeOrigin + now()), in self.__stamps.
self.__stamps = [];
self.__reqLog = []; // every string request, for replay-in-worker.mjs
self.__suppress = false; // replay: replies are not posted
{
  const now = () => performance.timeOrigin + performance.now();
  const post = self.postMessage.bind(self);
  self.postMessage = (m, ...rest) => {
    const cur = self.__cur;
    if (cur) { cur.post = now(); cur.outLen = typeof m === 'string' ? m.length : -1; }
    self.__lastReply = m;
    if (!self.__suppress) post(m, ...rest);
    if (cur) cur.posted = now();
  };
  let d, o = self;
  while (o && !(d = Object.getOwnPropertyDescriptor(o, 'onmessage'))) o = Object.getPrototypeOf(o);
  Object.defineProperty(self, 'onmessage', {
    configurable: true,
    get() { return d.get.call(self); },
    set(fn) {
      self.__handler = fn;
      d.set.call(self, fn && function (e) {
        if (typeof e.data === 'string') self.__reqLog.push(e.data);
        const rec = { in: now(), inLen: typeof e.data === 'string' ? e.data.length : -1, head: typeof e.data === 'string' ? e.data.slice(0, 40) : '' };
        self.__cur = rec;
        try { return fn.call(this, e); } finally { rec.out = now(); self.__cur = null; if (rec.inLen >= 0) self.__stamps.push(rec); }
      });
    },
  });
}
