// Starts Residual's simulation worker: loads its code, then its WebAssembly, and tells
// the page at once when either cannot be loaded (offline, blocked, a failed download),
// so the page says so instead of waiting for a worker that will never answer.
'use strict';
function loadFailed(what, error) {
  const why = (error && error.message) || String(error);
  postMessage({ type: 'load-error', message: `its ${what} could not be loaded (${why})` });
}
let loaded = false;
try {
  importScripts('./residual-worker.js');
  loaded = true;
} catch (error) {
  loadFailed('code', error);
  close();
}
if (loaded) wasm_bindgen('./residual-worker_bg.wasm').catch((error) => loadFailed('WebAssembly', error));
