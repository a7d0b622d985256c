// Issue 25, part 2: a form remembers the item it opened. Saving it over a newer version
// of that item (saved by another tab since) or over an item deleted since is refused,
// with the choice to merge field by field, to keep either version, or to restore the
// item; never a silent revert. Two pages of one browser context share the storage, as
// two tabs do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const url = (fragment) => new URL(fragment, BASE_URL).href;

/** Two pages on one stored copy of the demo register. */
async function twoTabs() {
  const { context, page: a, record } = await openPage(browser, { width: 1280, height: 900 });
  await a.goto(url('#/registers'));
  await a.getByTestId('add-demo').click();
  await a.waitForFunction(() => /^Demo: /.test(document.querySelector('[data-testid=register-name]')?.textContent ?? ''));
  await a.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
  const b = await context.newPage();
  b.on('pageerror', (error) => record.consoleErrors.push(String(error)));
  await b.goto(url('#/register'));
  await b.waitForFunction(() => /^Demo: /.test(document.querySelector('[data-testid=register-name]')?.textContent ?? ''));
  await a.goto(url('#/register'));
  return { context, a, b, record };
}

async function edit(page, risk) {
  await page.locator(`[data-testid=risk-row][data-risk="${risk}"]`).getByTestId('edit-risk').click();
  await page.getByTestId('risk-form').waitFor();
}

async function saveAndWait(page) {
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-form').waitFor({ state: 'detached' });
  await page.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
}

/** The stored register the pages share. */
async function storedRisk(page, id) {
  return page.evaluate((riskId) => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('residual.register.'));
    return JSON.parse(localStorage.getItem(key)).risks.find((r) => r.id === riskId) ?? null;
  }, id);
}

test('a stale form never reverts another tab\'s save: its fields are merged, or either version kept', async () => {
  const { context, a, b, record } = await twoTabs();
  const original = await storedRisk(a, 'R-003');

  // A: edit the title and leave the form open. B: set the owner and save.
  await edit(a, 'R-003');
  await a.getByTestId('risk-title').fill('Ransomware on the warehouse system (revised)');
  await edit(b, 'R-003');
  await b.getByTestId('risk-owner').fill('Warehouse manager');
  await saveAndWait(b);
  await a.waitForTimeout(1500);

  // A saves: refused, with what changed on each side; nothing stored is overwritten.
  await a.getByTestId('save-risk').click();
  const panel = a.getByTestId('form-conflict');
  await panel.waitFor();
  assert.match(await panel.textContent(), /changed in another tab/i);
  assert.match(await panel.locator('[data-field=owner]').textContent(), /Warehouse manager/);
  assert.match(await panel.locator('[data-field=title]').textContent(), /revised/);
  assert.equal((await storedRisk(a, 'R-003')).owner, 'Warehouse manager');
  assert.match(await a.getByTestId('drafts-status').textContent(), /risk R-003/, 'the refused form is listed as not saved');

  // Merged field by field: A's title and B's owner.
  await a.getByTestId('save-merged').click();
  await a.getByTestId('risk-form').waitFor({ state: 'detached' });
  await a.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
  let stored = await storedRisk(a, 'R-003');
  assert.equal(stored.title, 'Ransomware on the warehouse system (revised)');
  assert.equal(stored.owner, 'Warehouse manager');
  assert.deepEqual(stored.assessment, original.assessment);
  await b.waitForFunction(() => /revised/.test(document.querySelector('[data-risk="R-003"]')?.textContent ?? ''));

  // Both change the same field: each value is offered, and the one chosen is kept.
  await edit(a, 'R-003');
  await a.getByTestId('risk-owner').fill('Owner from A');
  await edit(b, 'R-003');
  await b.getByTestId('risk-owner').fill('Owner from B');
  await saveAndWait(b);
  await a.waitForTimeout(1500);
  await a.getByTestId('save-risk').click();
  await panel.waitFor();
  const owner = panel.locator('[data-field=owner]');
  assert.match(await owner.textContent(), /Owner from A/);
  assert.match(await owner.textContent(), /Owner from B/);
  await owner.getByTestId('field-mine').check();
  await a.getByTestId('save-merged').click();
  await a.getByTestId('risk-form').waitFor({ state: 'detached' });
  await a.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
  assert.equal((await storedRisk(a, 'R-003')).owner, 'Owner from A');

  // Keep theirs: the other tab's version stays and this form's edits are dropped.
  await edit(a, 'R-003');
  await a.getByTestId('risk-title').fill('A title nobody keeps');
  await edit(b, 'R-003');
  await b.getByTestId('risk-category').fill('Category from B');
  await saveAndWait(b);
  await a.waitForTimeout(1500);
  await a.getByTestId('save-risk').click();
  await panel.waitFor();
  await a.getByTestId('form-keep-theirs').click();
  await a.getByTestId('risk-form').waitFor({ state: 'detached' });
  stored = await storedRisk(a, 'R-003');
  assert.equal(stored.category, 'Category from B');
  assert.notEqual(stored.title, 'A title nobody keeps');
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('saving a form whose risk was deleted since asks to restore it or discard the edits', async () => {
  const { context, a, b, record } = await twoTabs();
  const treatedBefore = await a.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('residual.register.'));
    return JSON.parse(localStorage.getItem(key)).treatments.some((t) => t.risk === 'R-004');
  });
  assert.ok(treatedBefore, 'R-004 has a treatment in the demo');

  // Deleted in the other tab: Discard leaves it deleted.
  await edit(a, 'R-004');
  await a.getByTestId('risk-title').fill('Edited while deleted elsewhere');
  await b.locator('[data-testid=risk-row][data-risk="R-004"]').getByTestId('delete-risk').click();
  await b.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
  await a.waitForTimeout(1500);
  await a.getByTestId('save-risk').click();
  const panel = a.getByTestId('form-conflict');
  await panel.waitFor();
  assert.match(await panel.textContent(), /deleted/i);
  assert.equal(await storedRisk(a, 'R-004'), null, 'nothing brought back before the user chooses');
  await a.getByTestId('discard-edits').click();
  await a.getByTestId('risk-form').waitFor({ state: 'detached' });
  await a.waitForTimeout(600);
  assert.equal(await storedRisk(a, 'R-004'), null);

  // Deleted in this very tab while its form is open: Restore brings it back with its
  // treatment and the edits.
  await edit(a, 'R-002');
  await a.getByTestId('risk-title').fill('Restored with my edits');
  await a.locator('[data-testid=risk-row][data-risk="R-002"]').getByTestId('delete-risk').click();
  await a.getByTestId('save-risk').click();
  await panel.waitFor();
  await a.getByTestId('restore-item').click();
  await a.getByTestId('risk-form').waitFor({ state: 'detached' });
  await a.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
  assert.equal((await storedRisk(a, 'R-002')).title, 'Restored with my edits');
  const treated = await a.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('residual.register.'));
    return JSON.parse(localStorage.getItem(key)).treatments.find((t) => t.risk === 'R-002')?.controls ?? [];
  });
  assert.deepEqual(treated, ['8.5', '6.3'], 'its treatment comes back with it');
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('a criteria draft begun before another tab applied criteria asks before it replaces them', async () => {
  const { context, a, b, record } = await twoTabs();
  const levelName = (page) => page.getByRole('textbox', { name: 'Level name' }).first();
  // A: a draft, not applied.
  await a.goto(url('#/criteria'));
  await levelName(a).fill('Negligible (draft in A)');
  await levelName(a).press('Tab');
  // B: another change, applied.
  await b.goto(url('#/criteria'));
  const action = b.getByRole('textbox', { name: 'Required action' }).first();
  await action.fill('Accept; note it at the annual review (B)');
  await action.press('Tab');
  await b.getByTestId('review-criteria').click();
  await b.getByTestId('apply-criteria').click();
  await b.getByTestId('save-status').filter({ hasText: /^Saved$/ }).waitFor();
  // A is told, and cannot review until it chooses.
  const stale = a.getByTestId('criteria-stale');
  await stale.waitFor();
  assert.match(await stale.textContent(), /changed to version 2/);
  assert.ok(await a.getByTestId('review-criteria').isDisabled());
  assert.equal(await levelName(a).inputValue(), 'Negligible (draft in A)', 'the draft is kept');
  // Discarding takes B's criteria; nothing of A's draft is applied.
  await a.getByTestId('criteria-take-theirs').click();
  await stale.waitFor({ state: 'detached' });
  assert.notEqual(await levelName(a).inputValue(), 'Negligible (draft in A)');
  assert.equal(await a.getByRole('textbox', { name: 'Required action' }).first().inputValue(), 'Accept; note it at the annual review (B)');
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});
