// The Worker's entry: one Go instance per isolate, reused across requests,
// and immutable list versions and deltas answered from the Cache API.
//
// syumai/workers' generated worker.mjs starts a new Go program for every
// request (~100 requests/s per workerd instance here). This entry starts the
// program once (server/main_js.go registers context.binding.serve and then
// waits) and starts a new one only if it ever exits. wasm_exec.js and
// app.wasm are built into ./build by scripts/build-worker.
import "./build/wasm_exec.js";
import { connect } from "cloudflare:sockets";
import mod from "./build/app.wasm";

// syumai/workers' Go packages call JS through this helper.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

// What the Go side reads as js.Global().Get("context"). env and the
// bindings in it are the same for every request of an isolate; ctx is the
// latest request's, which the handler does not use (no waitUntil from Go).
const context = { env: undefined, ctx: undefined, connect, binding: {} };
let started = null; // promise of a running Go program

function startGo() {
  const go = new Go();
  let ready;
  const readyPromise = new Promise((resolve) => (ready = resolve));
  const instance = new WebAssembly.Instance(mod, { ...go.importObject, workers: { ready: () => ready() } });
  const exited = go.run(instance, context);
  const run = readyPromise.then(() => go);
  // A program that ends (it should not) is replaced on the next request.
  exited.finally(() => {
    if (started === run) started = null;
  });
  return run;
}

// Paths whose bytes never change once published: a version and a delta.
const immutable = /^\/v1\/lists\/[^/]+\/(\d+|deltas\/\d+-\d+)$/;

async function serve(req) {
  if (!started) started = startGo();
  await started;
  const body = req.method === "GET" || req.method === "HEAD" ? null : new Uint8Array(await req.arrayBuffer());
  const res = await context.binding.serve(req.method, req.url, [...req.headers], body);
  const nobody = req.method === "HEAD" || res.status === 204 || res.status === 304;
  return new Response(nobody ? null : res.body, { status: res.status, headers: res.headers });
}

export default {
  async fetch(req, env, ctx) {
    context.env = env;
    context.ctx = ctx;
    const url = new URL(req.url);
    if (req.method !== "GET" || !immutable.test(url.pathname) || typeof caches === "undefined") {
      return serve(req);
    }
    // The cache key ignores request headers: an immutable object is the
    // same bytes for every client.
    const key = new Request(url.toString(), { method: "GET" });
    const hit = await caches.default.match(key);
    if (hit) return hit;
    const res = await serve(req);
    if (res.status === 200 && /immutable/.test(res.headers.get("Cache-Control") || "")) {
      ctx.waitUntil(caches.default.put(key, res.clone()));
    }
    return res;
  },
};
