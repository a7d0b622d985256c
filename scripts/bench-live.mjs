// Live treatment updates in headless Chromium: the demo register at 10,000 trials a
// state; from an input (an effectiveness slider moved, a control's status changed) to
// the residual loss exceedance chart redrawn in the page. Prints each input's latency
// and the median and worst. Usage: scripts/bench-live (builds first).
import { launch, openPage } from '../tests/e2e/browser.mjs';

const url = process.env.RESIDUAL_URL;
const browser = await launch();
const { page } = await openPage(browser, { width: 1920, height: 1080 });
await page.goto(new URL('#/treatment', url).href);
await page.locator('[data-testid=lec-states] svg').waitFor({ timeout: 60_000 });
await page.locator('[data-testid=treatment-risk][data-risk="R-001"]').click();
await page.getByTestId('treatment-status').filter({ hasText: /^Live:/ }).waitFor();

/** Milliseconds from `act` (run in the page) to the LEC chart holding a new drawing, and
 * then the next frame painted. */
async function latency(act) {
  return page.evaluate(async (act) => {
    const chart = () => document.querySelector('[data-testid=lec-states]')?.innerHTML;
    const before = chart();
    const start = performance.now();
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (chart() !== before) { observer.disconnect(); resolve(); }
      });
      observer.observe(document.querySelector('.treatment-charts'), { childList: true, subtree: true });
    });
    const [kind, selector, value] = act;
    const element = document.querySelector(selector);
    element.value = value;
    element.dispatchEvent(new Event(kind, { bubbles: true }));
    await changed;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    return performance.now() - start;
  }, act);
}

const slider = '[data-testid=control-row][data-control="8.22"] [data-testid=effectiveness]';
const status = '[data-testid=control-row][data-control="8.16"] [data-testid=control-status]';
const samples = [];
// Warm-up: the first result after a change compiles nothing new, but let the JIT settle.
for (const v of ['45', '40']) await latency(['input', slider, v]);
for (let i = 0; i < 20; i++) {
  const ms = await latency(['input', slider, String(20 + 3 * i)]);
  const worker = (await page.getByTestId('treatment-status').textContent()).match(/updated in (\d+) ms/)?.[1];
  samples.push([`slider (worker ${worker} ms)`, ms]);
}
for (const s of ['implemented', 'planned', 'implemented', 'planned', 'retired', 'planned']) {
  samples.push([`status → ${s}`, await latency(['change', status, s])]);
  await page.getByTestId('treatment-status').filter({ hasText: /^Live:/ }).waitFor();
}
const ms = samples.map(([, m]) => m).sort((a, b) => a - b);
const median = ms[Math.floor(ms.length / 2)];
console.log(`headless Chromium ${await browser.version()}; demo register (14 risks), 10,000 trials a state, three states + ROSI`);
for (const [what, m] of samples) console.log(`${what.padEnd(26)} ${m.toFixed(1).padStart(7)} ms`);
console.log(`input → residual chart redrawn: median ${median.toFixed(1)} ms, worst ${ms[ms.length - 1].toFixed(1)} ms over ${ms.length} inputs (target ≤ 100 ms)`);
await browser.close();
