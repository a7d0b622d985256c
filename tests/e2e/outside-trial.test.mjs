// Issue 25, found by trying the app from outside: Escape never throws away text that
// reads; leaving a view by the browser's Back while a field has focus breaks nothing;
// a risk whose acceptance a later change invalidated is no longer listed as accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const url = (fragment) => new URL(fragment, BASE_URL).href;

async function chooseTreatmentRisk(page, risk) {
  await page.locator(`[data-testid=treatment-risk][data-risk="${risk}"]`).click();
  await page.getByTestId('treatment-form').waitFor();
}

async function waitSaved(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent === 'Saved', null, { timeout: 10_000 });
}

test('Escape keeps text that reads, typed a moment or a second ago', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(url('#/treatment'));
  await chooseTreatmentRisk(page, 'R-004');
  const rationale = page.getByTestId('treatment-rationale');
  await rationale.click();
  await rationale.press('End');
  await rationale.pressSequentially(' Reviewed with the owner.');
  await rationale.press('Escape'); // within the pause before the text is taken
  assert.match(await rationale.inputValue(), /Reviewed with the owner\.$/);
  const justification = page.getByTestId('acceptance-justification');
  if (await justification.count() > 0) {
    await justification.fill('Within the budget agreed for this year.');
    await page.waitForTimeout(1000);
    await justification.press('Escape');
    assert.equal(await justification.inputValue(), 'Within the budget agreed for this year.');
  }
  await page.reload();
  await chooseTreatmentRisk(page, 'R-004');
  assert.match(await page.getByTestId('treatment-rationale').inputValue(), /Reviewed with the owner\.$/);
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('the browser\'s Back while a field has focus breaks nothing, and the text is kept', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(url('#/register'));
  await page.getByTestId('risk-row').first().waitFor();
  await page.goto(url('#/treatment'));
  await chooseTreatmentRisk(page, 'R-002');
  const rationale = page.getByTestId('treatment-rationale');
  await rationale.click();
  await rationale.press('End');
  await rationale.pressSequentially(' Typed before Back');
  await page.goBack();
  await page.getByTestId('risk-row').first().waitFor();
  // The app still works: a risk's form opens.
  await page.getByTestId('edit-risk').first().click();
  await page.getByTestId('risk-form').waitFor();
  await page.goto(url('#/treatment'));
  await chooseTreatmentRisk(page, 'R-002');
  assert.match(await page.getByTestId('treatment-rationale').inputValue(), /Typed before Back$/);
  assert.deepEqual(record.consoleErrors, [], 'no panic');
  await context.close();
});

test('an acceptance that a later change invalidates takes the "accepted" status back', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(url('#/treatment'));
  await chooseTreatmentRisk(page, 'R-002');
  await page.getByTestId('acceptance-justification').fill('Accepted until the next review.');
  await page.getByTestId('accept-risk').click();
  await waitSaved(page);
  const status = async () => {
    await page.goto(url('#/register'));
    await page.getByTestId('risk-row').first().waitFor();
    return page.locator('[data-testid=risk-row][data-risk="R-002"] .status').textContent();
  };
  assert.match(await status(), /accepted/i);
  await page.goto(url('#/treatment'));
  await chooseTreatmentRisk(page, 'R-002');
  const option = page.getByTestId('treatment-option');
  const other = await option.evaluate((select) => [...select.options].find((o) => !o.selected && !o.disabled && o.value !== 'avoid')?.value);
  await option.selectOption(other);
  await waitSaved(page);
  assert.doesNotMatch(await status(), /accepted/i);
  await page.reload();
  assert.doesNotMatch(await status(), /accepted/i);
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('two tabs with a risk form each: neither tab\'s typing is lost, and a new tab can open both', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  const tab = async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url('#/register'));
    await page.getByTestId('risk-row').first().waitFor();
    return page;
  };
  const a = await tab();
  const b = await tab();
  await a.locator('[data-testid=risk-row][data-risk="R-002"] [data-testid=edit-risk]').click();
  await a.getByTestId('risk-title').fill('Unsaved title typed in A');
  await b.locator('[data-testid=risk-row][data-risk="R-005"] [data-testid=edit-risk]').click();
  await b.getByTestId('risk-owner').fill('Owner typed in B');
  await a.waitForTimeout(300);
  await a.close({ runBeforeUnload: true });
  // B, reloaded, has its own draft.
  await b.reload();
  await b.getByTestId('risk-form').waitFor();
  assert.equal(await b.getByTestId('risk-owner').inputValue(), 'Owner typed in B');
  // A new tab sees the form written last, and A's draft set aside, to open there.
  const c = await tab();
  const aside = c.getByTestId('open-aside').filter({ hasText: 'R-002' });
  await aside.waitFor();
  await aside.click();
  await c.waitForLoadState('load');
  await c.getByTestId('risk-form').waitFor();
  assert.equal(await c.getByTestId('risk-title').inputValue(), 'Unsaved title typed in A');
  // What C had open (B's draft) is set aside in turn, not lost.
  await c.getByTestId('open-aside').filter({ hasText: 'R-005' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a risk saved while the register cannot be stored comes back in its form after a reload', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(url('#/register'));
  await page.getByTestId('risk-row').first().waitFor();
  // The demo is stored first, then only the register's own writes fail (a full store
  // with room left for the small drafts).
  await page.locator('[data-testid=risk-row][data-risk="R-001"] [data-testid=duplicate-risk]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent === 'Saved');
  await page.evaluate(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).startsWith('residual.register.')) throw new DOMException('full', 'QuotaExceededError');
      return real.call(this, key, value);
    };
  });
  await page.getByTestId('add-risk').click();
  await page.getByTestId('risk-title').fill('Courier tablets stolen from vans');
  await page.getByTestId('risk-owner').fill('Fleet manager');
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-form').waitFor({ state: 'detached' });
  await page.waitForFunction(() => /not saved/i.test(document.querySelector('[data-testid=save-status]')?.textContent ?? ''));
  await page.reload();
  await page.getByTestId('risk-form').waitFor();
  assert.equal(await page.getByTestId('risk-title').inputValue(), 'Courier tablets stolen from vans');
  assert.equal(await page.getByTestId('risk-owner').inputValue(), 'Fleet manager');
  // Saved again, with room now, the risk is stored and its kept draft ends.
  await page.getByTestId('save-risk').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent === 'Saved');
  await page.reload();
  await page.getByTestId('risk-row').first().waitFor();
  assert.equal(await page.getByTestId('risk-form').count(), 0);
  assert.ok(await page.getByText('Courier tablets stolen from vans').count() > 0);
  await context.close();
});

test('text typed in place while the register cannot be stored comes back after a reload', async () => {
  const { context, page } = await openPage(browser);
  await page.goto(url('#/register'));
  await page.getByTestId('risk-row').first().waitFor();
  await page.locator('[data-testid=risk-row][data-risk="R-001"] [data-testid=duplicate-risk]').click();
  await waitSaved(page);
  await page.evaluate(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).startsWith('residual.register.')) throw new DOMException('full', 'QuotaExceededError');
      return real.call(this, key, value);
    };
  });
  await page.goto(url('#/treatment'));
  await chooseTreatmentRisk(page, 'R-003');
  const rationale = page.getByTestId('treatment-rationale');
  await rationale.fill('Typed while the storage was full');
  await rationale.press('Tab');
  await page.waitForFunction(() => /not saved/i.test(document.querySelector('[data-testid=save-status]')?.textContent ?? ''));
  await page.reload();
  await chooseTreatmentRisk(page, 'R-003');
  assert.equal(await page.getByTestId('treatment-rationale').inputValue(), 'Typed while the storage was full');
  // With room again, it is stored, and the kept text ends.
  await waitSaved(page);
  await page.reload();
  await chooseTreatmentRisk(page, 'R-003');
  assert.equal(await page.getByTestId('treatment-rationale').inputValue(), 'Typed while the storage was full');
  const kept = await page.evaluate(() => JSON.stringify(JSON.parse(localStorage.getItem('residual.drafts') ?? '{}')));
  assert.doesNotMatch(kept, /Typed while the storage was full/);
  await context.close();
});

test('opening a set-aside draft keeps what another tab typed since into the form it displaces', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  const tab = async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url('#/register'));
    await page.getByTestId('risk-row').first().waitFor();
    return page;
  };
  const a = await tab();
  const b = await tab();
  await a.locator('[data-testid=risk-row][data-risk="R-002"] [data-testid=edit-risk]').click();
  await a.getByTestId('risk-title').fill('Title typed in A');
  await b.locator('[data-testid=risk-row][data-risk="R-005"] [data-testid=edit-risk]').click();
  await b.getByTestId('risk-owner').fill('Owner typed in B');
  await b.waitForTimeout(300);
  // C opens showing B's form; then B types more, which C has not seen.
  const c = await tab();
  await b.getByTestId('risk-owner').fill('Owner typed in B, and more');
  await b.waitForTimeout(300);
  await c.getByTestId('open-aside').filter({ hasText: 'R-002' }).click();
  await c.waitForLoadState('load');
  await c.getByTestId('risk-form').waitFor();
  assert.equal(await c.getByTestId('risk-title').inputValue(), 'Title typed in A');
  // B's latest typing is what is set aside, once.
  const d = await tab();
  const r5 = d.getByTestId('open-aside').filter({ hasText: 'R-005' });
  assert.equal(await r5.count(), 1);
  await r5.click();
  await d.waitForLoadState('load');
  await d.getByTestId('risk-form').waitFor();
  assert.equal(await d.getByTestId('risk-owner').inputValue(), 'Owner typed in B, and more');
  assert.deepEqual(errors, []);
  await context.close();
});
