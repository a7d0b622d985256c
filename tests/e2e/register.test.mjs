// The qualitative register as an analyst uses it: registers, risks, criteria changes,
// and the ways local storage can fail, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage, foreignRequests, DEMO } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const KEY_PREFIX = 'residual.register.';

async function storedRegisters(page) {
  return page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix))
    .map((k) => ({ key: k, text: localStorage.getItem(k) })), KEY_PREFIX);
}

async function waitSaved(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent === 'Saved');
}

test('create a register, add a risk, edit it, reload: it is all still there', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('new-register-name').fill('Workshop register');
  await page.getByTestId('create-register').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=register-name]')?.textContent === 'Workshop register');

  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await page.getByTestId('add-risk').click();
  // Saving an empty risk names the fields at fault and adds nothing.
  await page.getByTestId('save-risk').click();
  const problems = await page.getByTestId('form-problems').textContent();
  assert.match(problems, /Title: must not be empty/);
  assert.match(problems, /Owner: every risk needs an owner/);
  assert.equal(await page.getByTestId('risk-row').count(), 0);

  await page.getByTestId('risk-title').fill('Laptop theft from car');
  await page.getByTestId('risk-owner').fill('IT lead');
  await page.getByTestId('risk-likelihood').selectOption('4');
  await page.getByTestId('risk-impact').selectOption('2');
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-row').first().waitFor();
  assert.match(await page.getByTestId('risk-row').first().textContent(), /R-001.*Laptop theft from car.*IT lead.*4 · Likely.*2 · Minor.*Medium/);

  await page.getByTestId('edit-risk').first().click();
  await page.getByTestId('risk-title').fill('Laptop theft from an unattended car');
  await page.getByTestId('risk-impact').selectOption('4');
  await page.getByTestId('save-risk').click();
  await waitSaved(page);

  await page.reload();
  await page.getByTestId('risk-row').first().waitFor();
  assert.equal(await page.getByTestId('register-name').textContent(), 'Workshop register');
  assert.match(await page.getByTestId('risk-row').first().textContent(), /Laptop theft from an unattended car.*4 · Major.*High/);
  const stored = await storedRegisters(page);
  assert.equal(stored.length, 1);
  assert.equal(JSON.parse(stored[0].text).risks[0].assessment.criteria_version, 1);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

test('from the demo: switch to a 4×4 matrix through the remap preview, add a risk, reload', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(new URL('#/criteria', BASE_URL).href);
  await page.getByTestId('preset-size').selectOption('4');
  await page.getByTestId('load-preset').click();
  assert.equal(await page.locator('[data-testid=risk-matrix] tbody tr').count(), 4);
  await page.getByTestId('review-criteria').click();
  await page.getByTestId('remap-preview').waitFor();
  const rows = await page.getByTestId('remap-row').allTextContents();
  assert.ok(rows.length > 0 && rows.length <= DEMO.risks.length, `${rows.length} remap rows`);
  // R-001 (Possible × Severe) moves to the 4×4 scales: likelihood 2, impact 4.
  const r1 = rows.find((r) => r.startsWith('R-001'));
  assert.match(r1, /L3 Possible × I5 Severe.*→.*L2 Possible × I4 Severe/);
  // Nothing changed yet: the demo is still unsaved and the register shows 5 × 5 scores.
  assert.equal((await storedRegisters(page)).length, 0);
  await page.getByTestId('apply-criteria').click();
  await waitSaved(page);
  assert.match(await page.locator('.meta').first().textContent(), /Criteria version 2/);

  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await page.getByTestId('add-risk').click();
  await page.getByTestId('risk-title').fill('Courier loses backup tapes');
  await page.getByTestId('risk-owner').fill('Head of Infrastructure');
  await page.getByTestId('risk-likelihood').selectOption('2');
  await page.getByTestId('risk-impact').selectOption('3');
  await page.getByTestId('save-risk').click();
  await waitSaved(page);

  await page.reload();
  await page.getByTestId('risk-row').first().waitFor();
  assert.equal(await page.getByTestId('risk-row').count(), DEMO.risks.length + 1);
  assert.equal(await page.locator('[data-testid=heat-map] tbody tr').count(), 4);
  const saved = JSON.parse((await storedRegisters(page))[0].text);
  assert.equal(saved.criteria.version, 2);
  assert.equal(saved.risks.find((r) => r.id === 'R-001').assessment.likelihood, 2);
  assert.equal(saved.risks.find((r) => r.id === 'R-015').title, 'Courier loses backup tapes');
  assert.ok(saved.risks.every((r) => r.assessment.criteria_version === 2));
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('heat-map cells filter the table, and filters combine with search', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(BASE_URL);
  await page.getByTestId('heat-3-4').click();
  assert.deepEqual(await page.locator('[data-testid=risk-row] td.id').allTextContents(), ['R-003', 'R-011', 'R-012']);
  assert.equal(await page.getByTestId('heat-3-4').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('search').fill('secrets');
  assert.deepEqual(await page.locator('[data-testid=risk-row] td.id').allTextContents(), ['R-012']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  assert.equal(await page.getByTestId('risk-row').count(), DEMO.risks.length);
  await page.getByTestId('filter-owner').selectOption('Head of Engineering');
  await page.getByTestId('filter-level').selectOption('high');
  assert.deepEqual(await page.locator('[data-testid=risk-row] td.id').allTextContents(), ['R-008', 'R-012']);
  await context.close();
});

test('delete with undo, and duplicate', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(BASE_URL);
  // The table follows an edit in the task after it (see Workspace::put).
  const rows = (n) => page.waitForFunction((count) => document.querySelectorAll('[data-testid=risk-row]').length === count, n);
  await page.locator('[data-risk=R-003] [data-testid=delete-risk]').click();
  await rows(13);
  assert.match(await page.getByTestId('deleted-toast').textContent(), /Deleted R-003/);
  await page.getByTestId('undo-delete').click();
  await rows(DEMO.risks.length);
  await page.locator('[data-risk=R-003] [data-testid=duplicate-risk]').click();
  assert.match(await page.locator('[data-risk=R-015]').textContent(), /Cloud storage bucket exposed to the internet \(copy\)/);
  await waitSaved(page);
  await context.close();
});

test('a full store is reported, the edit stays, and export is offered', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(BASE_URL);
  await page.getByTestId('risk-row').first().waitFor();
  await page.evaluate(() => {
    Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.locator('[data-risk=R-002] [data-testid=delete-risk]').click();
  await page.waitForFunction(() => /QuotaExceededError/.test(document.querySelector('[data-testid=save-status]')?.textContent ?? ''));
  const status = page.getByTestId('save-status');
  assert.match(await status.textContent(), /not saved: the browser refused to save \(QuotaExceededError/);
  assert.equal(await status.getByRole('link', { name: 'Export now' }).count(), 1);
  assert.equal(await page.getByTestId('risk-row').count(), 13, 'the edit is kept in the page');
  assert.equal((await storedRegisters(page)).length, 0);
  assert.ok(record.consoleErrors.every((e) => !/panicked/.test(e)), record.consoleErrors.join('\n'));
  await context.close();
});

test('a corrupt stored entry is shown, kept byte for byte, and downloadable', async () => {
  const { context, page, record } = await openPage(browser);
  const corrupt = '{"schema_version": "1", "id": "broken", "name": "Half-written';
  await page.goto(BASE_URL);
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY_PREFIX + 'broken', corrupt]);
  await page.reload();
  const banner = page.getByTestId('unreadable');
  await banner.waitFor();
  assert.match(await banner.textContent(), /residual\.register\.broken: \$: not valid JSON/);
  // Work goes on: the demo is still offered, and editing it saves beside the corrupt entry.
  await page.locator('[data-risk=R-001] [data-testid=duplicate-risk]').click();
  await waitSaved(page);
  const stored = await storedRegisters(page);
  assert.equal(stored.find((s) => s.key === KEY_PREFIX + 'broken').text, corrupt);
  assert.equal(stored.length, 2);
  const download = page.waitForEvent('download');
  await banner.getByRole('button', { name: 'Download raw text' }).click();
  assert.equal((await download).suggestedFilename(), 'residual.register.broken.json');
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('two tabs: changes propagate, and simultaneous edits become a conflict, never an overwrite', async () => {
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  await a.goto(BASE_URL);
  await a.locator('[data-risk=R-001] [data-testid=duplicate-risk]').click(); // stores the demo
  await waitSaved(a);
  await b.goto(BASE_URL);
  await b.getByTestId('risk-row').first().waitFor();
  assert.equal(await b.getByTestId('risk-row').count(), DEMO.risks.length + 1);

  // A change in one tab with no pending edits in the other simply shows up there.
  await a.locator('[data-risk=R-015] [data-testid=delete-risk]').click();
  await waitSaved(a);
  await b.waitForFunction((n) => document.querySelectorAll('[data-testid=risk-row]').length === n, DEMO.risks.length);

  // Both tabs edit before either has saved (clicked through the DOM, so neither waits
  // for the other's save): one of them must stop and ask.
  const press = (page, id) => page.evaluate((id) => document.querySelector(`[data-risk=${id}] [data-testid=delete-risk]`).click(), id);
  await Promise.all([press(a, 'R-002'), press(b, 'R-003')]);
  const conflicted = await Promise.race([
    a.getByTestId('conflict').waitFor().then(() => a),
    b.getByTestId('conflict').waitFor().then(() => b),
  ]);
  const other = conflicted === a ? b : a;
  const removedHere = conflicted === a ? 'R-002' : 'R-003';
  const removedThere = conflicted === a ? 'R-003' : 'R-002';
  const before = JSON.parse((await storedRegisters(other)).find((s) => s.key.endsWith('demo-meridian-freight')).text);
  assert.ok(!before.risks.some((r) => r.id === removedThere), 'the other tab saved its edit');
  assert.ok(before.risks.some((r) => r.id === removedHere), 'the conflicted tab overwrote nothing');

  await conflicted.getByTestId('take-theirs').click();
  await conflicted.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent === 'Saved');
  const all = (await storedRegisters(conflicted)).map((s) => JSON.parse(s.text));
  assert.equal(all.length, 2, 'their version and a copy of mine');
  const mine = all.find((r) => r.name.includes('unsaved edits from another tab'));
  assert.ok(mine && !mine.risks.some((r) => r.id === removedHere), 'my edit survives in the copy');
  const theirs = all.find((r) => r.id === 'demo-meridian-freight');
  assert.ok(!theirs.risks.some((r) => r.id === removedThere) && theirs.risks.some((r) => r.id === removedHere));
  await context.close();
});

test('a CISO Assistant matrix library becomes the open register\'s criteria through the remap review', async () => {
  const { context, page, record } = await openPage(browser, { width: 1400, height: 1000 });
  const library = new URL('../../crates/cli/tests/fixtures/ciso-assistant-matrix-3x3.yaml', import.meta.url).pathname;
  await page.goto(new URL('#/criteria', BASE_URL).href);
  // A file that is no library changes nothing and says why.
  await page.getByTestId('criteria-library').setInputFiles({ name: 'register.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(DEMO)) });
  await page.getByTestId('criteria-library-problems').filter({ hasText: /\$\.objects: has no risk_matrix/ }).waitFor();
  assert.ok(await page.getByTestId('review-criteria').isDisabled());
  // The library: the draft below, with what was kept and what is to set.
  await page.getByTestId('criteria-library').setInputFiles(library);
  await page.getByTestId('criteria-library-notes').waitFor();
  assert.equal(await page.getByTestId('criteria-library-problems').count(), 0);
  assert.match(await page.getByTestId('criteria-library-notes').textContent(), /goes from 5 to 3 levels/);
  assert.equal(await page.locator('[data-testid=risk-matrix] tbody tr').count(), 3);
  // While the draft is a change, another library cannot replace it.
  assert.ok(await page.getByTestId('criteria-library').isDisabled());
  await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/criteria-library.png` : '/dev/null', fullPage: true }).catch(() => {});
  await page.getByTestId('review-criteria').click();
  await page.getByTestId('remap-preview').waitFor();
  const rows = await page.getByTestId('remap-row').allTextContents();
  // R-001 (Possible × Severe on 5 levels) goes by position to the middle and top of 3.
  assert.match(rows.find((r) => r.startsWith('R-001')), /L3 Possible × I5 Severe.*→.*L2 Possible × I3 Grave/);
  assert.equal((await storedRegisters(page)).length, 0, 'nothing changed before applying');
  await page.getByTestId('apply-criteria').click();
  await waitSaved(page);
  assert.match(await page.locator('.meta').first().textContent(), /Criteria version 2/);
  const saved = JSON.parse((await storedRegisters(page))[0].text);
  assert.deepEqual(saved.criteria.likelihood.map((l) => l.label), ['Rare', 'Possible', 'Frequent']);
  assert.deepEqual(saved.criteria.loss_thresholds, DEMO.criteria.loss_thresholds);
  assert.ok(saved.risks.every((r) => !r.assessment || (r.assessment.criteria_version === 2 && r.assessment.likelihood <= 3)));
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

test('an appetite amount that does not read keeps Review disabled: no default is applied in its place', async () => {
  const { context, page, record } = await openPage(browser, { width: 1440, height: 900 });
  await page.goto(new URL('#/criteria', BASE_URL).href);
  await page.getByTestId('add-threshold').click();
  const row = page.getByTestId('threshold-row').last();
  await row.getByTestId('threshold-amount').fill('-30M');
  await row.getByTestId('threshold-amount').press('Tab');
  await row.getByTestId('threshold-chance').fill('150');
  await row.getByTestId('threshold-chance').press('Tab');
  await page.getByText('Chance: 150% is not a chance: give a percentage from 0 to 100').first().waitFor();
  await row.getByTestId('threshold-chance').fill('0.5');
  await row.getByTestId('threshold-chance').press('Tab');
  const review = page.getByTestId('review-criteria');
  assert.ok(await review.isDisabled(), 'Review must wait for the amount');
  assert.match(await review.getAttribute('title'), /1 field typed here does not read yet/);
  await row.getByTestId('threshold-amount').fill('30M');
  await row.getByTestId('threshold-amount').press('Tab');
  await page.waitForFunction(() => !document.querySelector('[data-testid=review-criteria]').disabled);
  await review.click();
  await page.getByTestId('apply-criteria').click();
  await waitSaved(page);
  const saved = JSON.parse((await storedRegisters(page))[0].text);
  assert.ok(saved.criteria.loss_thresholds.some((t) => t.annual_loss === 30_000_000 && t.max_probability === 0.005), JSON.stringify(saved.criteria.loss_thresholds));
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});
