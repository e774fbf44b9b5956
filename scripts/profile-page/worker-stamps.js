// Prepended to analysis-worker.js in dist-inst/ (measurement only): stamps
// each request's arrival, the reply's postMessage and the handler's end,
// in ms since the epoch (performance.timeOrigin + now()), in self.__stamps.
// Messages are bytes (web/src/worker.rs, borsh): a Page request/reply is its
// variant byte then `seq` as 8 little-endian bytes (`seq` below; -1 if none).
self.__stamps = [];
self.__reqLog = []; // every string request, for replay-in-worker.mjs
self.__suppress = false; // replay: replies are not posted
{
  const now = () => performance.timeOrigin + performance.now();
  const len = (m) => (typeof m === 'string' ? m.length : m instanceof Uint8Array ? m.length : -1);
  const seqOf = (m) => (m instanceof Uint8Array && m.length >= 9 ? Number(new DataView(m.buffer, m.byteOffset + 1, 8).getBigUint64(0, true)) : -1);
  self.__seqOf = seqOf;
  const post = self.postMessage.bind(self);
  self.postMessage = (m, ...rest) => {
    const cur = self.__cur;
    if (cur) { cur.post = now(); cur.outLen = len(m); cur.outSeq = seqOf(m); cur.outKind = m instanceof Uint8Array ? m[0] : -1; }
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
        if (typeof e.data === 'string' || e.data instanceof Uint8Array) self.__reqLog.push(e.data);
        const rec = { in: now(), inLen: len(e.data), seq: seqOf(e.data), kind: e.data instanceof Uint8Array ? e.data[0] : -1 };
        self.__cur = rec;
        try { return fn.call(this, e); } finally { rec.out = now(); self.__cur = null; if (rec.inLen >= 0) self.__stamps.push(rec); }
      });
    },
  });
}
