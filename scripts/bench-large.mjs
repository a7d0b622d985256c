// A register of many risks (10,000 by default, RISKS=n to change) made from the demo's,
// stored in local storage, and each view opened in headless Chromium: prints the
// longest main-thread tasks (PerformanceObserver 'longtask', over 50 ms) of loading and
// settling each view, and of an edit (duplicating a risk) with its save.
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';

const base = process.env.RESIDUAL_URL;
const count = Number(process.env.RISKS ?? 10_000);
const demo = JSON.parse(await readFile(new URL('../public/examples/demo-register.json', import.meta.url), 'utf8'));
const register = { ...demo, id: 'large', name: `Large register (${count} risks)` };
register.risks = Array.from({ length: count }, (_, i) => {
  const r = structuredClone(demo.risks[i % demo.risks.length]);
  delete r.fair;
  return { ...r, id: `R-${String(i + 1).padStart(5, '0')}`, title: `${r.title.slice(0, 30)} #${i}`, description: '', notes: '', threat: r.threat.slice(0, 30), vulnerability: r.vulnerability.slice(0, 30) };
});
register.treatments = register.risks.filter((_, i) => i % 3 === 0)
  .map((r, i) => ({ risk: r.id, option: 'modify', rationale: 'r', controls: [demo.controls[i % demo.controls.length].id] }));
register.applicability = (demo.applicability ?? []).filter((a) => a.applicable);
const text = JSON.stringify(register);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await page.goto(base);
const stored = await page.evaluate((t) => { try { localStorage.setItem('residual.register.large', t); return null; } catch (e) { return String(e); } }, text);
if (stored) { console.log(`cannot store ${text.length} characters: ${stored}`); process.exit(1); }
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
});
console.log(`${count} risks, ${(text.length / 1e6).toFixed(2)} MB stored`);
// The views that simulate are measured until their figures are in (the treatment view's
// live update of three states at 10,000 risks; the analysis at the register's trials).
const settled = {
  treatment: () => /^Live: /.test(document.querySelector('[data-testid=treatment-status]')?.textContent ?? ''),
  analysis: () => /trials/.test(document.querySelector('[data-testid=convergence]')?.textContent ?? ''),
};
for (const view of ['register', 'assets', 'criteria', 'analysis', 'treatment', 'soa', 'registers']) {
  await page.goto(`${base}#/${view}`);
  await page.reload();
  const started = Date.now();
  await page.getByTestId('register-name').waitFor();
  let until = '';
  if (settled[view]) {
    await page.waitForFunction(settled[view], null, { timeout: 600_000, polling: 250 });
    until = `, figures in after ${((Date.now() - started) / 1000).toFixed(1)} s`;
  }
  await page.waitForTimeout(2000);
  const long = (await page.evaluate(() => window.__long)).sort((a, b) => b - a);
  console.log(`${view.padEnd(10)} longest tasks (ms): ${JSON.stringify(long.slice(0, 6))}${until}`);
}
// In the treatment view with its figures in: choosing another risk, and moving a
// control's effectiveness slider (a preview on each step, then a save and a new run).
await page.goto(`${base}#/treatment`);
await page.reload();
await page.waitForFunction(settled.treatment, null, { timeout: 600_000, polling: 250 });
await page.evaluate(() => { window.__long = []; });
await page.locator('[data-testid=treatment-risk]').nth(3).click();
await page.getByTestId('treatment-form').waitFor();
await page.waitForTimeout(1000);
console.log(`choose risk longest tasks (ms): ${JSON.stringify((await page.evaluate(() => window.__long)).sort((a, b) => b - a).slice(0, 6))}`);
await page.evaluate(() => { window.__long = []; });
const slider = page.getByTestId('effectiveness').first();
await slider.focus();
for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
await slider.evaluate((e) => e.dispatchEvent(new Event('change', { bubbles: true })));
await page.waitForTimeout(2000);
console.log(`slider      longest tasks (ms): ${JSON.stringify((await page.evaluate(() => window.__long)).sort((a, b) => b - a).slice(0, 6))}`);

await page.goto(`${base}#/register`);
await page.reload();
await page.getByTestId('risk-row').first().waitFor();
await page.evaluate(() => { window.__long = []; });
await page.getByTestId('duplicate-risk').first().click();
await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent === 'Saved');
await page.waitForTimeout(1000);
console.log(`edit+save   longest tasks (ms): ${JSON.stringify((await page.evaluate(() => window.__long)).sort((a, b) => b - a))}`);
await browser.close();
