// Simulation throughput in headless Chromium: the browser's own worker build
// (residual-worker) runs the 50-risk benchmark register, exactly as the native bench
// does. Prints nanoseconds per risk-trial. Usage: scripts/bench-wasm (builds first).
import { launch } from '../tests/e2e/browser.mjs';

const url = process.env.RESIDUAL_URL;
const browser = await launch();
const page = await (await browser.newContext()).newPage();
await page.goto(url);
const runs = [
  [100_000, 'lhs'], [100_000, 'mc'], [1_000_000, 'lhs'], [1_000_000, 'mc'],
];
const figures = await page.evaluate(async (runs) => {
  const worker = new Worker('./residual-worker-start.js');
  await new Promise((resolve) => { worker.onmessage = (e) => e.data.type === 'ready' && resolve(); });
  const ask = (message) => new Promise((resolve) => {
    worker.onmessage = (e) => e.data.id === message.id && resolve(e.data);
    worker.postMessage(message);
  });
  const out = [];
  let id = 0;
  for (const [trials, sampling] of runs) {
    await ask({ type: 'benchmark', id: ++id, risks: 50, trials: 10_000, sampling, repeats: 1 }); // warm-up
    const { ms } = await ask({ type: 'benchmark', id: ++id, risks: 50, trials, sampling, repeats: 3 });
    out.push({ trials, sampling, ms });
  }
  return out;
}, runs);
const version = await browser.version();
console.log(`headless Chromium ${version}, wasm worker (residual-worker), 50 risks, best of 3`);
for (const { trials, sampling, ms } of figures) {
  const ns = (ms * 1e6) / (50 * trials);
  console.log(`${String(trials).padStart(9)} trials ${sampling.padEnd(3)}: ${ms.toFixed(1).padStart(8)} ms = ${ns.toFixed(1).padStart(5)} ns/risk-trial`);
}
await browser.close();
