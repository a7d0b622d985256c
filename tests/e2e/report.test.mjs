// The printable report (issue 14): scope and criteria, the register, both heat maps, the
// loss exceedance curve, the SoA in summary and the acceptances with their dates, printed
// to PDF by headless Chromium on A4 and on Letter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { BASE_URL, launch, openPage, foreignRequests } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const shots = process.env.SCREENSHOT_DIR;

/** The number of pages of a PDF, from its page objects. */
const pages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

test('the report holds every section and prints to A4 and Letter without the app around it', async () => {
  const { page, record } = await openPage(browser, { width: 1600, height: 1000 });
  // An owner accepts a residual risk first, so the report has an acceptance to show.
  await page.goto(new URL('#/treatment', BASE_URL).href);
  await page.getByTestId('lec-states').locator('svg').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=treatment-risk][data-risk="R-004"]').click();
  await page.getByTestId('acceptance-justification').fill('Supplier clauses agreed at renewal; residual within appetite.');
  await page.getByTestId('accept-risk').click();
  await page.getByTestId('acceptance').waitFor();
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  await page.goto(new URL('#/report', BASE_URL).href);
  await page.getByTestId('report-lec').locator('svg').waitFor({ timeout: 60_000 });
  // The three states, each named, with its figures and its verdict on the appetite curve.
  for (const state of ['inherent', 'current', 'residual']) {
    assert.match(await page.getByTestId(`report-state-${state}`).textContent(), /^(Inherent|Current|Residual): expected annual loss [\d.]+[kMB]? EUR.*(Within|Above) the appetite curve: /);
  }
  const legend = await page.getByTestId('report-lec').textContent();
  assert.ok(['Inherent', 'Current', 'Residual'].every((n) => legend.includes(n)), legend);
  const demo = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('residual.register.'));
    return JSON.parse(localStorage.getItem(key));
  });
  // Every risk, with its owner; every acceptance with its dates.
  const rows = await page.getByTestId('report-risk').allTextContents();
  assert.equal(rows.length, demo.risks.length);
  for (const [k, risk] of demo.risks.entries()) {
    assert.ok(rows[k].startsWith(risk.id) && rows[k].includes(risk.owner), rows[k]);
  }
  const accepted = demo.treatments.filter((t) => t.acceptance);
  assert.equal(accepted.length, 1);
  const acceptances = await page.getByTestId('report-acceptance').allTextContents();
  assert.equal(acceptances.length, accepted.length);
  for (const t of accepted) {
    assert.ok(acceptances.some((a) => a.includes(t.risk) && a.includes(t.acceptance.date) && a.includes(t.acceptance.expires)), t.risk);
  }
  // Both heat maps count every scored risk.
  for (const id of ['report-heat-inherent', 'report-heat-residual']) {
    const counts = await page.getByTestId(id).locator('td strong').allTextContents();
    assert.equal(counts.filter(Boolean).map(Number).reduce((a, b) => a + b, 0), demo.risks.filter((r) => r.assessment).length, id);
  }
  assert.match(await page.getByTestId('report-soa').textContent(), /of 9\d controls applicable/);
  assert.match(await page.getByTestId('report-scope').textContent(), /Likelihood scale/);
  // In print the app's header, navigation and buttons are gone; the report remains.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.masthead').isVisible(), false);
  assert.equal(await page.getByTestId('print-report').isVisible(), false);
  assert.equal(await page.getByTestId('report-title').isVisible(), true);
  for (const format of ['A4', 'Letter']) {
    const pdf = await page.pdf({ format, printBackground: true });
    const count = pages(pdf);
    assert.ok(count >= 3 && count <= 12, `${format}: ${count} pages`);
    if (shots) await writeFile(`${shots}/report-${format}.pdf`, pdf);
  }
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
});
