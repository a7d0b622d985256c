// An analyst's first hour (issue 13): nothing typed is lost to a tab switch or a reload,
// Edit brings its form into view, and one click on Save after a correction saves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage, foreignRequests } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const shots = process.env.SCREENSHOT_DIR;

test('a half-filled risk, asset and criteria draft survive a tab switch and a reload', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(BASE_URL);
  await page.getByTestId('risk-row').first().waitFor();

  // A new risk, half filled.
  await page.getByTestId('add-risk').click();
  await page.getByTestId('risk-title').fill('Supplier portal credential stuffing');
  await page.getByTestId('risk-owner').fill('Head of IT');
  await page.getByTestId('drafts-status').filter({ hasText: 'a new risk' }).waitFor();

  // A criteria change, not applied.
  await page.getByRole('link', { name: 'Criteria', exact: true }).click();
  const label = page.locator('.criteria input[type=text]').first();
  await label.waitFor();
  const before = await label.inputValue();
  await label.fill(`${before} (draft)`);
  await label.press('Tab');

  // An asset, half filled.
  await page.getByRole('link', { name: 'Assets', exact: true }).click();
  await page.getByTestId('add-asset').click();
  await page.getByTestId('asset-name').fill('Supplier portal');

  // The register tab again: the risk form is as it was left.
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  assert.equal(await page.getByTestId('risk-title').inputValue(), 'Supplier portal credential stuffing');
  assert.equal(await page.getByTestId('risk-owner').inputValue(), 'Head of IT');
  const status = await page.getByTestId('drafts-status').textContent();
  assert.match(status, /a new risk/);
  assert.match(status, /a new asset/);
  assert.match(status, /the criteria/);

  // A reload keeps all three.
  await page.reload();
  await page.getByTestId('risk-form').waitFor();
  assert.equal(await page.getByTestId('risk-title').inputValue(), 'Supplier portal credential stuffing');
  await page.getByRole('link', { name: 'Assets', exact: true }).click();
  assert.equal(await page.getByTestId('asset-name').inputValue(), 'Supplier portal');
  await page.getByRole('link', { name: 'Criteria', exact: true }).click();
  assert.equal(await page.locator('.criteria input[type=text]').first().inputValue(), `${before} (draft)`);
  // Discarding the criteria change ends that draft only.
  await page.getByRole('button', { name: 'Discard changes' }).click();
  assert.equal(await page.locator('.criteria input[type=text]').first().inputValue(), before);
  await page.getByTestId('drafts-status').filter({ hasNotText: 'the criteria' }).waitFor();

  // Saving the risk ends its draft and adds it.
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-form').waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid=risk-row]').filter({ hasText: 'Supplier portal credential stuffing' }).count(), 1);
  assert.match(await page.getByTestId('drafts-status').textContent(), /^Draft not saved: a new asset$/);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
});

test('Edit brings its form into view and focus; one Save after a correction saves', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(BASE_URL);
  await page.getByTestId('risk-row').last().waitFor();
  const rows = await page.getByTestId('risk-row').count();

  // The last row's Edit, far below the top of the page.
  const last = page.getByTestId('risk-row').last();
  const id = await last.getAttribute('data-risk');
  await last.getByTestId('edit-risk').click();
  const form = page.getByTestId('risk-form');
  await form.waitFor();
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-testid=risk-form]').getBoundingClientRect();
    return box.top >= -1 && box.top < window.innerHeight;
  });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'risk-id');
  if (shots) await page.screenshot({ path: `${shots}/edit-in-view-1280x720.png` });

  // Another Edit while this draft has changes does not replace it.
  await page.getByTestId('risk-title').fill('A changed title');
  await page.getByTestId('risk-row').first().getByTestId('edit-risk').click();
  await page.getByTestId('draft-busy').waitFor();
  assert.equal(await page.getByTestId('risk-title').inputValue(), 'A changed title');

  // An error, then its correction: the Save button stays where it was, and one click saves.
  await page.getByTestId('risk-owner').fill('');
  await page.getByTestId('save-risk').click();
  await page.getByTestId('form-problems').waitFor();
  assert.match(await page.getByTestId('form-problems').textContent(), /Owner: every risk needs an owner/);
  assert.equal(await page.getByTestId('risk-owner').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('risk-owner').getAttribute('aria-describedby'), 'risk-owner-error');
  // Where Save is in the page (not in the viewport: filling a field scrolls to it).
  const saveAt = () => page.evaluate(() => {
    const box = document.querySelector('[data-testid=save-risk]').getBoundingClientRect();
    return { x: box.left + scrollX, y: box.top + scrollY };
  });
  const before = await saveAt();
  await page.getByTestId('risk-owner').fill('Risk committee');
  await page.getByTestId('risk-owner').press('Tab');
  assert.deepEqual(await saveAt(), before, 'the Save button moved when the error was fixed');
  assert.match(await page.getByTestId('form-problems').textContent(), /fixed/);
  await page.getByTestId('save-risk').click();
  await form.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('risk-row').count(), rows, 'no risk added: the edit replaced its risk');
  assert.match(await page.locator(`[data-risk="${id}"]`).textContent(), /A changed title.*Risk committee/);
  assert.deepEqual(record.consoleErrors, []);
});

test('an own control half typed in the treatment survives a tab switch and a reload', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/treatment', BASE_URL).href);
  await page.locator('[data-testid=treatment-risk][data-risk="R-002"]').click();
  await page.getByTestId('own-control-title').fill('Call-back check on bank-detail changes');
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  assert.match(await page.getByTestId('drafts-status').textContent(), /a new control for R-002/);
  await page.reload();
  await page.getByRole('link', { name: 'Treatment', exact: true }).click();
  await page.locator('[data-testid=treatment-risk][data-risk="R-002"]').click();
  assert.equal(await page.getByTestId('own-control-title').inputValue(), 'Call-back check on bank-detail changes');
  await page.getByTestId('add-own-control').click();
  await page.getByTestId('drafts-status').waitFor({ state: 'detached' });
  assert.deepEqual(record.consoleErrors, []);
});

test('a FAIR value that will not read is refused in place, and the draft survives a reload', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(BASE_URL);
  await page.getByTestId('add-risk').click();
  await page.getByTestId('risk-title').fill('Claims portal outage');
  await page.getByTestId('risk-owner').fill('Head of IT');
  await page.getByTestId('risk-likelihood').selectOption('2');
  await page.getByTestId('risk-impact').selectOption('3');
  await page.getByTestId('fair-enabled').check();
  const low = page.getByTestId('fair-loss_event_frequency-low');
  const before = await low.inputValue();
  // An amount far beyond the impact scale is questioned, not refused.
  await page.getByTestId('fair-loss_magnitude-high').fill('1e15');
  await page.getByTestId('fair-loss_magnitude-high').press('Tab');
  await page.getByTestId('fair-expected').filter({ hasText: /check the amounts and their units/ }).waitFor();
  for (const bad of ['abc', '', '0,5']) {
    await low.fill(bad);
    await low.press('Tab');
    assert.match(await page.getByTestId('fair-loss_event_frequency-typo').textContent(), /^Loss event frequency, low \(5th percentile\): /);
  }
  // While a value does not read, no figure is shown from the last good one.
  assert.match(await page.getByTestId('fair-expected').textContent(), /^No expected loss yet: Loss event frequency, low/);
  await page.reload();
  await page.getByTestId('risk-form').waitFor();
  assert.equal(await page.getByTestId('risk-title').inputValue(), 'Claims portal outage');
  // What was typed is kept as typed, still refused by name; Save still stops on it.
  assert.equal(await page.getByTestId('fair-loss_event_frequency-low').inputValue(), '0,5');
  assert.match(await page.getByTestId('fair-loss_event_frequency-typo').textContent(), /^Loss event frequency, low \(5th percentile\): /);
  await page.getByTestId('save-risk').click();
  await page.getByTestId('form-problems').filter({ hasText: 'Loss event frequency, low' }).waitFor();
  // Fixed, it reads: the draft takes it.
  await page.getByTestId('fair-loss_event_frequency-low').fill(before);
  await page.getByTestId('fair-loss_event_frequency-low').press('Tab');
  assert.equal(await page.getByTestId('fair-loss_event_frequency-typo').count(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem('residual.drafts.unreadable')), null);
  assert.deepEqual(record.consoleErrors, []);
});
