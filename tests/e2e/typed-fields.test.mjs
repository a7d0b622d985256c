// Issue 25, part 1: whatever is typed into any field is kept as it is typed. In every
// view, each kind of editable field found in the page (not a list written here, so a
// new field is covered without a new test) gets text typed into it, the field is never
// left, and then the page is reloaded, or closed with its beforeunload handlers run and
// opened again: the text is there. The header never says "Saved" while a typed text is
// held only by the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage, foreignRequests } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const url = (fragment) => new URL(fragment, BASE_URL).href;

/** Fields a user types into. Selects, checkboxes, sliders and file pickers commit at once. */
const FIELDS = 'input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=file]):not([type=color]):not([type=hidden]):not([type=submit]):not([type=button]), textarea';

/**
 * Fields that deliberately keep nothing: each must say why in `data-transient`, and
 * each is named here, so that a new one is a decision, not an accident.
 */
const TRANSIENT = new Set(['import-paste', 'search', 'add-control']);

async function openIfClosed(page, formTestid, buttonTestid) {
  if (await page.getByTestId(formTestid).count() === 0) await page.getByTestId(buttonTestid).click();
  await page.getByTestId(formTestid).waitFor();
}

async function chooseTreatmentRisk(page, risk) {
  await page.locator(`[data-testid=treatment-risk][data-risk="${risk}"]`).click();
  await page.locator(`[data-testid=treatment-form]`).waitFor();
}

const VIEWS = [
  {
    name: 'the register, with a new risk and its FAIR model',
    fragment: '#/register',
    reveal: async (page) => {
      await page.getByTestId('risk-row').first().waitFor();
      await openIfClosed(page, 'risk-form', 'add-risk');
      if (!(await page.getByTestId('fair-enabled').isChecked())) await page.getByTestId('fair-enabled').check();
    },
  },
  { name: 'the assets, with a new asset', fragment: '#/assets', reveal: (page) => openIfClosed(page, 'asset-form', 'add-asset') },
  { name: 'the criteria', fragment: '#/criteria', reveal: (page) => page.locator('.criteria input').first().waitFor() },
  { name: 'the analysis settings', fragment: '#/analysis', reveal: (page) => page.getByTestId('seed').waitFor() },
  { name: 'a treatment with controls', fragment: '#/treatment', reveal: (page) => chooseTreatmentRisk(page, 'R-001') },
  { name: 'a treatment with a transfer', fragment: '#/treatment', reveal: (page) => chooseTreatmentRisk(page, 'R-007') },
  { name: 'the Statement of Applicability', fragment: '#/soa', reveal: (page) => page.getByTestId('soa-justification').first().waitFor() },
  { name: 'the registers', fragment: '#/registers', reveal: (page) => page.getByTestId('register-details').waitFor() },
];

/**
 * The editable fields in the page, at most two of each kind (a kind: the field's test
 * id, or its label), each with a selector that finds it again after a reload.
 */
async function editableFields(page) {
  return page.$$eval(FIELDS, (elements, transient) => {
    const kinds = new Map();
    const found = [];
    for (const el of elements) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || el.disabled || el.readOnly) continue;
      const transientWhy = el.closest('[data-transient]')?.getAttribute('data-transient');
      const kind = el.dataset.testid || el.getAttribute('aria-label') || el.name || el.placeholder || el.closest('label')?.textContent?.trim();
      if (!kind) throw new Error(`a field with no test id, label or name: ${el.outerHTML}`);
      if (transientWhy !== undefined && transientWhy !== null) {
        if (!transient.includes(el.dataset.testid)) throw new Error(`an unlisted transient field: ${kind}`);
        if (transientWhy.length < 10) throw new Error(`a transient field must say why: ${kind}`);
        continue;
      }
      const seen = kinds.get(kind) ?? 0;
      if (seen >= 2) continue;
      kinds.set(kind, seen + 1);
      // Found again by its kind and its place among fields of that kind.
      const same = elements.filter((e) => (e.dataset.testid || e.getAttribute('aria-label') || e.name || e.placeholder || e.closest('label')?.textContent?.trim()) === kind);
      found.push({ kind, nth: same.indexOf(el), type: el.type || 'textarea', value: el.value });
    }
    return found;
  }, [...TRANSIENT]);
}

/** The field's element handle, found by kind and place. */
async function handle(page, field) {
  const all = await page.$$(FIELDS);
  const same = [];
  for (const el of all) {
    const kind = await el.evaluate((e) => e.dataset.testid || e.getAttribute('aria-label') || e.name || e.placeholder || e.closest('label')?.textContent?.trim());
    if (kind === field.kind) same.push(el);
  }
  return same[field.nth];
}

const digits = (text) => text.replace(/[,'’\s]/g, '');
const numberLike = (value) => /^-?[\d,.'’\s]+$/.test(value.trim()) && /\d/.test(value);

/** Types into the field, never leaving it; returns what the field must show afterwards. */
async function typeInto(page, field, marker) {
  const el = await handle(page, field);
  await el.scrollIntoViewIfNeeded();
  await el.focus();
  if (field.type === 'date') {
    // Chromium's date field takes its segments from the keyboard (month, day, year here).
    await page.keyboard.type('03042031');
    return { expect: '2031-03-04', compare: (v) => v };
  }
  if (field.type === 'number' || numberLike(field.value)) {
    await el.evaluate((e) => e.select?.());
    const number = `${marker.replace('a', '1').replace('b', '2')}07`;
    await page.keyboard.type(number);
    return { expect: number, compare: digits };
  }
  await el.evaluate((e) => { if (e.setSelectionRange && e.type !== 'email') e.setSelectionRange(e.value.length, e.value.length); });
  const text = ` typed${marker}`;
  await page.keyboard.type(text);
  return { expect: field.value + text, compare: (v) => v };
}

/** Every text the page holds in local storage, as one string (registers and drafts). */
const storedText = (page) => page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'));

async function typeEverywhere(page, view, round) {
  const fields = await editableFields(page);
  assert.ok(fields.length > 0, `no editable field found in ${view.name}`);
  const typed = [];
  for (const [i, field] of fields.entries()) {
    const marker = `${round}${i + 1}`;
    const outcome = await typeInto(page, field, marker);
    // Never "Saved" while the text is held only by the page.
    const { status, stored } = await page.evaluate(() => ({
      status: document.querySelector('[data-testid=save-status]')?.textContent,
      stored: Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'),
    }));
    const typedText = outcome.expect.trim().split(' ').pop();
    if (status === 'Saved') {
      assert.ok(stored.includes(typedText) || stored.includes(digits(typedText)),
        `${view.name}: the header says Saved while "${typedText}" typed in ${field.kind} is not stored`);
    }
    typed.push({ field, ...outcome });
  }
  return typed;
}

async function expectTyped(page, view, typed, how) {
  for (const { field, expect, compare } of typed) {
    const el = await handle(page, field);
    assert.ok(el, `${view.name}: ${field.kind} #${field.nth} is gone after ${how}`);
    const value = await el.inputValue();
    assert.equal(compare(value), compare(expect), `${view.name}: ${field.kind} after ${how}`);
  }
}

for (const view of VIEWS) {
  test(`typed in ${view.name} and never left: kept through a reload and a closed page`, async () => {
    const { context, page, record } = await openPage(browser, { width: 1440, height: 1000 });
    await page.goto(url(view.fragment));
    await view.reveal(page);

    const first = await typeEverywhere(page, view, 'a');
    await page.reload();
    await page.getByTestId('register-name').waitFor();
    await view.reveal(page);
    await expectTyped(page, view, first, 'a reload');

    const second = await typeEverywhere(page, view, 'b');
    const closed = new Promise((resolve) => page.once('close', resolve));
    await page.close({ runBeforeUnload: true });
    await closed;
    const again = await context.newPage();
    again.on('pageerror', (error) => record.consoleErrors.push(String(error)));
    await again.goto(url(view.fragment));
    await again.getByTestId('register-name').waitFor();
    await view.reveal(again);
    await expectTyped(again, view, second, 'closing the page');
    assert.ok((await storedText(again)).length > 0);
    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(foreignRequests(record), []);
    await context.close();
  });
}
