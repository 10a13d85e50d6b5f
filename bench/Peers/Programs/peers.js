// The workloads of bench/Peers in JavaScript (Jint and ClearScript V8 run this same text);
// peers.ai is the FluentAI original.
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

function mapSum(n) {
  const m = new Map();
  for (let i = 0; i < n; i++) m.set(i, { qty: i });
  let s = 0;
  for (let i = 0; i < n; i++) s += m.get(i).qty;
  return s;
}

function buildString(n) {
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(i + ",");
  return parts.join("");
}

function pipeline(n) {
  const records = Array.from({ length: n }, (_, i) => ({ id: i, qty: i % 10, price: i % 7 + 1, tag: i % 3 === 0 ? "a" : "b" }));
  return records.filter(r => r.tag === "a").map(r => r.qty * r.price).reduce((acc, x) => acc + x, 0);
}

function documentOf(n) {
  return Array.from({ length: n }, (_, i) => ({
    id: i, name: "item" + i, tags: ["red", "green"], dims: [i, i * 2, i * 3],
    child: { ok: i % 2 === 0, parts: [{ k: i }, { k: i + 1 }] }
  }));
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!deepEqual(a[k], b[k])) return false;
  return true;
}

function jsonRoundTrip(n) {
  const doc = documentOf(n);
  const back = JSON.parse(JSON.stringify(doc));
  if (!deepEqual(doc, back)) return -1;
  let s = 0;
  for (const r of back) s += r.id;
  return s;
}

function bump(x) { return x + 1; }
