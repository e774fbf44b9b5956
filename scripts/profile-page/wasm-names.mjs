// Function index -> name, from a wasm module's "name" custom section
// (subsection 1, function names). Usage: names(NAMED) -> Map.
import fs from 'node:fs';
export function names(file) {
  const b = fs.readFileSync(file);
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  const str = () => { const n = leb(); const s = b.toString('utf8', p, p + n); p += n; return s; };
  const out = new Map();
  while (p < b.length) {
    const id = b[p++]; const size = leb(); const end = p + size;
    if (id === 0) {
      const name = str();
      if (name === 'name') {
        while (p < end) {
          const sub = b[p++]; const len = leb(); const subEnd = p + len;
          if (sub === 1) { const n = leb(); for (let i = 0; i < n; i++) { const idx = leb(); out.set(idx, str()); } }
          p = subEnd;
        }
      }
    }
    p = end;
  }
  return out;
}
if (import.meta.url === `file://${process.argv[1]}`) { const m = names(process.argv[2]); console.log(m.size); for (const i of process.argv.slice(3)) console.log(i, m.get(Number(i))); }
