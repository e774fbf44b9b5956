// Static server for a dist/ copy: serves the precompressed `.gz` beside a file
// with Content-Encoding: gzip (as a host that serves them would), Last-Modified
// and 304 on If-Modified-Since; COOP/COEP headers when COI=1 (cross-origin
// isolation only raises performance.now()'s resolution from 100 µs to 5 µs).
// Usage: node serve.mjs <dir> <port>   (env COI=1, GZIP=0 to serve raw files)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.txt': 'text/plain' };
export function start(dir, port, { coi = process.env.COI === '1', gzip = process.env.GZIP !== '0' } = {}) {
  dir = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); return res.end(); }
    const mtime = fs.statSync(file).mtime; mtime.setMilliseconds(0);
    const headers = { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Last-Modified': mtime.toUTCString() };
    if (coi) { headers['Cross-Origin-Opener-Policy'] = 'same-origin'; headers['Cross-Origin-Embedder-Policy'] = 'require-corp'; }
    const ims = req.headers['if-modified-since'];
    if (ims && new Date(ims) >= mtime) { res.writeHead(304, headers); return res.end(); }
    let body = file;
    if (gzip && /gzip/.test(req.headers['accept-encoding'] ?? '') && fs.existsSync(file + '.gz')) { body = file + '.gz'; headers['Content-Encoding'] = 'gzip'; headers['Vary'] = 'Accept-Encoding'; }
    headers['Content-Length'] = fs.statSync(body).size;
    res.writeHead(200, headers);
    fs.createReadStream(body).pipe(res);
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}
if (import.meta.url === `file://${process.argv[1]}`) start(path.resolve(process.argv[2]), Number(process.argv[3])).then(() => console.log(`serving ${process.argv[2]} on ${process.argv[3]}`));
