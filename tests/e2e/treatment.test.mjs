// Risk treatment in the browser: choosing controls moves the residual risk (and its
// chart) live and the choice survives a reload; planned controls leave the current
// risk alone; an owner's acceptance is recorded and flagged when the treatment changes;
// the Statement of Applicability and the charts download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE_URL, launch, openPage, foreignRequests } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const url = (fragment) => new URL(fragment, BASE_URL).href;

/** "421k" → 421000, "1.2M" → 1200000. */
function amount(text) {
  const m = text.trim().match(/^([\d.,]+)\s*([kMB]?)/);
  assert.ok(m, `not an amount: ${text}`);
  return parseFloat(m[1].replace(/,/g, '')) * { '': 1, k: 1e3, M: 1e6, B: 1e9 }[m[2]];
}

async function figure(page, state) {
  return amount(await page.getByTestId(`figure-${state}`).locator('.figure-value').textContent());
}

/** Waits until the live results are for what the page shows now. */
async function settled(page) {
  await page.getByTestId('treatment-status').filter({ hasText: /^Live:/ }).waitFor({ timeout: 60_000 });
}

async function openTreatment(page, risk) {
  await page.goto(url('#/treatment'));
  await page.getByTestId('lec-states').locator('svg').waitFor({ timeout: 60_000 });
  await page.locator(`[data-testid=treatment-risk][data-risk="${risk}"]`).click();
  await settled(page);
}

test('choosing a control moves the residual risk and its chart, and a reload keeps it', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await openTreatment(page, 'R-005');
  const lecBefore = await page.getByTestId('lec-states').innerHTML();
  const inherent = await figure(page, 'inherent');
  assert.equal(await figure(page, 'residual'), inherent, 'untreated: residual = inherent');
  await page.getByTestId('add-control').fill('8.12');
  await page.getByTestId('add-control').press('Enter');
  await page.locator('[data-testid=control-row][data-control="8.12"]').waitFor();
  // The picker is back at its placeholder, not showing a neighbour as if chosen.
  assert.equal(await page.getByTestId('add-control').inputValue(), '');
  await settled(page);
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid=figure-residual] .figure-value')?.textContent;
    const i = document.querySelector('[data-testid=figure-inherent] .figure-value')?.textContent;
    return v && i && v !== i;
  }, null, { timeout: 30_000 });
  const residual = await figure(page, 'residual');
  assert.ok(residual < inherent, `residual ${residual} < inherent ${inherent}`);
  // A new Annex A control starts planned: the current risk is unchanged.
  assert.equal(await figure(page, 'current'), inherent);
  assert.notEqual(await page.getByTestId('lec-states').innerHTML(), lecBefore, 'the residual curve moved');
  // Dragging the effectiveness further lowers the residual.
  const slider = page.locator('[data-testid=control-row][data-control="8.12"] [data-testid=effectiveness]').first();
  const shown = await page.getByTestId('figure-residual').locator('.figure-value').textContent();
  await slider.fill('80');
  await page.waitForFunction((before) => {
    const v = document.querySelector('[data-testid=figure-residual] .figure-value')?.textContent;
    return v && v !== before;
  }, shown, { timeout: 30_000 });
  await settled(page);
  const lower = await figure(page, 'residual');
  assert.ok(lower < residual, `80% effective: ${lower} < ${residual}`);
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  await page.reload();
  await openTreatment(page, 'R-005');
  await page.locator('[data-testid=control-row][data-control="8.12"]').waitFor();
  assert.equal(await slider.inputValue(), '80');
  assert.ok(await figure(page, 'residual') < inherent);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

test('a planned control counts only in the residual risk until it is implemented', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await openTreatment(page, 'R-003');
  // The register in each state against the appetite curve (P(> 5M) ≤ 10%, P(> 15M) ≤ 1%).
  assert.match(await page.getByTestId('appetite-inherent').textContent(), /^Inherent: above the appetite curve — P\(> Appetite\) [\d.]+% vs 10\.0%, P\(> Tolerance\) [\d.]+% vs 1\.0%/);
  const inherent = await figure(page, 'inherent');
  assert.equal(await figure(page, 'current'), inherent, '8.9 is planned');
  assert.ok(await figure(page, 'residual') < inherent);
  await page.locator('[data-testid=control-row][data-control="8.9"] [data-testid=control-status]').selectOption('implemented');
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid=figure-current] .figure-value')?.textContent;
    const i = document.querySelector('[data-testid=figure-inherent] .figure-value')?.textContent;
    return c && i && c !== i;
  }, null, { timeout: 30_000 });
  assert.ok(await figure(page, 'current') < inherent);
  // Retired: no credit anywhere.
  await page.locator('[data-testid=control-row][data-control="8.9"] [data-testid=control-status]').selectOption('retired');
  await page.waitForFunction(() => {
    const f = (s) => document.querySelector(`[data-testid=figure-${s}] .figure-value`)?.textContent;
    return f('current') === f('inherent') && f('residual') === f('inherent');
  }, null, { timeout: 30_000 });
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('an owner accepts the residual risk, and a later change flags the acceptance', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await openTreatment(page, 'R-004');
  await page.getByTestId('accept-risk').click();
  assert.match(await page.getByRole('alert').first().textContent(), /Justification/);
  await page.getByTestId('acceptance-justification').fill('Supplier clauses agreed at renewal; residual within appetite.');
  await page.getByTestId('accept-risk').click();
  const acceptance = page.getByTestId('acceptance');
  await acceptance.waitFor();
  assert.equal(await acceptance.getAttribute('data-status'), 'Valid');
  assert.match(await acceptance.textContent(), /by HR Director|by .+ on \d{4}-\d{2}-\d{2}, until \d{4}-\d{2}-\d{2}/);
  await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/treatment-accepted.png` : '/dev/null' }).catch(() => {});
  await page.locator('[data-testid=control-row][data-control="5.19"] [data-testid=control-status]').selectOption('retired');
  await page.locator('[data-testid=acceptance][data-status=Invalidated]').waitFor();
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('the Statement of Applicability lists all 93 controls and exports CSV and JSON; charts download', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await page.goto(url('#/soa'));
  await page.getByTestId('soa-row').first().waitFor();
  assert.equal(await page.getByTestId('soa-row').count(), 93);
  assert.match(await page.getByTestId('soa-counts').textContent(), /of 93 controls applicable/);
  // A treating control cannot be excluded; an unused one can be included, with a reason.
  const row = page.locator('[data-testid=soa-row][data-control="7.7"]');
  await row.getByTestId('soa-applicable').selectOption('yes');
  await row.getByTestId('soa-justification').fill('Shared offices at the depot.');
  await row.getByTestId('soa-justification').press('Tab');
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-soa-csv').click()]);
  const text = await readFile(await csv.path(), 'utf8');
  const lines = text.trim().split('\r\n');
  assert.equal(lines.length, 94);
  assert.equal(lines[0], 'control,title,theme,applicable,decision,justification,implementation_status,owner,due_date,linked_risks,control_type,information_security_properties,cybersecurity_concepts,operational_capabilities,security_domains');
  assert.ok(lines.some((l) => l.startsWith('7.7,Clear desk and clear screen,Physical,yes,decided,Shared offices at the depot.')), 'decision exported');
  assert.ok(lines.some((l) => l.startsWith('8.22,Segregation of networks,Technological,yes,suggested,') && l.includes(',R-001,#Preventive,')));
  // Filtering by an ISO/IEC 27002 attribute.
  await page.getByTestId('soa-attribute').selectOption('#Corrective');
  const corrective = await page.getByTestId('soa-row').evaluateAll((rows) => rows.map((r) => r.dataset.control));
  assert.deepEqual(corrective, ['5.5', '5.6', '5.7', '5.24', '5.26', '5.28', '5.29', '5.30', '5.35', '5.37', '6.4', '8.7', '8.13', '8.16']);
  await page.getByTestId('soa-attribute').selectOption('');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-soa-json').click()]);
  const parsed = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(parsed.controls.length, 93);
  assert.equal(parsed.format, 'residual-statement-of-applicability');
  // The treatment plan lists controls by owner with totals.
  assert.match(await page.getByTestId('plan-totals').textContent(), /One-off EUR [\d,]+, then [\d,]+ a year/);
  // Chart downloads.
  await page.goto(url('#/treatment'));
  await page.getByTestId('lec-states').locator('svg').waitFor({ timeout: 60_000 });
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lec-states-svg').click()]);
  assert.match(await readFile(await svg.path(), 'utf8'), /^<svg/);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('heat-arrows-png').click()]);
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  // A PNG that fails after the image loads, or an image that will not load, says so
  // beside the chart (the failure happens after the click has returned).
  const frame = page.locator('figure.chart-frame', { has: page.getByTestId('heat-arrows') });
  await page.evaluate(() => {
    HTMLCanvasElement.prototype.toDataURL = () => { throw new Error('tainted'); };
  });
  await page.getByTestId('heat-arrows-png').click();
  await frame.getByRole('alert').filter({ hasText: 'Could not make the PNG: the canvas would not give a PNG' }).waitFor();
  await page.evaluate(() => {
    window.Image = class extends EventTarget {
      set onload(f) { this._load = f; }
      set onerror(f) { this._error = f; }
      set src(_) { setTimeout(() => this._error && this._error(new Event('error'))); }
    };
  });
  await page.getByTestId('heat-arrows-png').click();
  await frame.getByRole('alert').filter({ hasText: 'the browser could not draw the chart as an image' }).waitFor();
  assert.match(await frame.getByRole('alert').textContent(), /The SVG download still works/);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

test('the optimiser suggests controls for a budget, and an own control can be added', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await openTreatment(page, 'R-002');
  await page.getByTestId('optimiser-amount').fill('100000');
  await page.getByTestId('optimise').click();
  const suggestion = page.getByTestId('suggestion');
  await suggestion.waitFor({ timeout: 60_000 });
  const text = await suggestion.textContent();
  assert.match(text, /Fund [\d., ]+ — EUR [\d,]+ a year; residual register mean/);
  const cost = Number(text.match(/EUR ([\d,]+) a year/)[1].replace(/,/g, ''));
  assert.ok(cost <= 100_000, `within budget: ${cost}`);
  assert.match(text, /Method: exact: all \d+ sets of the \d+ candidates tried/);
  await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/optimiser.png` : '/dev/null', fullPage: true }).catch(() => {});
  // An organisation-specific control, linked to the risk.
  await page.getByTestId('add-own-control').click();
  assert.match(await page.getByRole('alert').first().textContent(), /Own control: give it a title/);
  await page.getByTestId('own-control-title').fill('Dual approval of supplier bank changes');
  await page.getByTestId('add-own-control').click();
  await page.locator('[data-testid=control-row][data-control="ORG-001"]').waitFor();
  await page.goto(url('#/soa'));
  await page.locator('[data-testid=soa-row][data-control="ORG-001"]').filter({ hasText: 'Organisation-specific' }).waitFor();
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('rows are kept: a slider preview or another control\'s edit leaves other rows and a half-typed title alone', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await openTreatment(page, 'R-001');
  const row = (id) => page.locator(`[data-testid=control-row][data-control="${id}"]`);
  // Mark the DOM nodes: a node drawn anew loses its mark.
  await row('8.22').evaluate((tr) => { tr.dataset.mark = 'kept'; });
  await page.getByTestId('treatment-form').evaluate((form) => { form.dataset.mark = 'kept'; });
  await page.getByTestId('own-control-title').fill('Dual approval of supplier bank changes (half-typed');
  // A preview while a slider moves (input events, nothing saved yet).
  await row('8.13').locator('[data-testid=effectiveness]').evaluate((slider) => {
    slider.value = '70';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForTimeout(300);
  assert.equal(await row('8.22').getAttribute('data-mark'), 'kept', 'another row survives a preview');
  // A saved edit of another control.
  await row('8.16').locator('[data-testid=control-owner]').fill('Head of IT');
  await row('8.16').locator('[data-testid=control-owner]').press('Enter');
  await row('8.16').locator('[data-testid=control-owner]').blur();
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  assert.equal(await row('8.22').getAttribute('data-mark'), 'kept', 'another row survives an edit');
  assert.equal(await page.getByTestId('treatment-form').getAttribute('data-mark'), 'kept', 'the form is not redrawn');
  assert.equal(await page.getByTestId('own-control-title').inputValue(), 'Dual approval of supplier bank changes (half-typed');
  assert.equal(await row('8.16').locator('[data-testid=control-owner]').inputValue(), 'Head of IT');
  // Levels down follow one rule: 0 to 6, refused beside the field otherwise.
  await row('8.22').locator('[data-testid=levels-impact]').fill('9');
  await row('8.22').locator('[data-testid=levels-impact]').blur();
  await row('8.22').getByText('Impact levels of control 8.22: "9" is not a whole number of levels from 0 to 6').waitFor();
  assert.equal(await row('8.22').locator('[data-testid=levels-impact]').getAttribute('max'), '6');
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('a FAIR risk\'s residual level follows its controls through the anchors, says so, and can follow the score fields instead', async () => {
  const { context, page, record } = await openPage(browser, { width: 1280, height: 720 });
  await openTreatment(page, 'R-003');
  const basis = page.getByTestId('level-basis');
  await basis.filter({ hasText: /^Read from the FAIR model on the anchors: [\d.]+ loss events a year \(\w+\) and [\d.]+[kM]? a loss/ }).waitFor();
  // The control's score fields say they do not move this risk.
  await page.getByTestId('score-fields-unused').first().waitFor();
  const levelText = async () => (await page.getByTestId('acceptance-panel').locator('p').first().textContent()).replace(/\s+/g, ' ');
  const byModel = await levelText();
  await page.getByTestId('levels-follow').click();
  await basis.filter({ hasText: 'as chosen for this risk' }).waitFor();
  assert.equal(await page.getByTestId('score-fields-unused').count(), 0);
  await page.getByTestId('levels-follow').filter({ hasText: 'Follow the FAIR model' }).waitFor();
  const byFields = await levelText();
  // The choice is kept with the register.
  await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent === 'Saved');
  await page.reload();
  await page.locator('[data-testid=treatment-risk][data-risk="R-003"]').click();
  await basis.filter({ hasText: 'as chosen for this risk' }).waitFor();
  assert.equal(await levelText(), byFields);
  await page.getByTestId('levels-follow').click();
  await basis.filter({ hasText: /^Read from the FAIR model/ }).waitFor();
  assert.equal(await levelText(), byModel);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

test('the control picker links nothing until Enter, finds controls by word or attribute, and Treatment can undo', async () => {
  const { context, page, record } = await openPage(browser, { width: 1280, height: 720 });
  await openTreatment(page, 'R-005');
  const rows = page.locator('[data-testid=control-row]');
  const before = await rows.count();
  const picker = page.getByTestId('add-control');
  // Arrow keys and typing, as on a closed <select> that linked a control on each: nothing.
  await picker.focus();
  for (let i = 0; i < 3; i++) await picker.press('ArrowDown');
  await picker.pressSequentially('8.1', { delay: 30 });
  await page.getByTestId('control-options').locator('[role=option]').first().waitFor();
  assert.equal(await rows.count(), before, 'no control linked by typing or arrows');
  assert.ok(await page.getByTestId('treatment-undo').isDisabled(), 'nothing to undo yet');
  // The exact number comes first; Enter links it.
  assert.equal(await page.getByTestId('control-options').locator('[role=option]').first().getAttribute('data-control'), '8.1');
  await picker.press('Enter');
  await page.locator('[data-testid=control-row][data-control="8.1"]').waitFor();
  assert.equal(await picker.inputValue(), '');
  // A word of the title; an attribute lists what carries it.
  await picker.fill('#Corrective');
  const corrective = await page.getByTestId('control-options').locator('[role=option]').allTextContents();
  // The list is in view, above the bottom of the 720 px window.
  const list = await page.getByTestId('control-options').boundingBox();
  assert.ok(list.y >= 0 && list.y + list.height <= 720, `the list is out of view: ${JSON.stringify(list)}`);
  assert.ok(corrective.length >= 10 && corrective.every((t) => t.includes('#Corrective')), corrective.join(' | '));
  await picker.fill('response incid');
  // A click links the control it is on.
  await page.getByTestId('control-options').locator('[role=option][data-control="5.26"]').click();
  const backup = page.locator('[data-testid=control-row][data-control="5.26"]');
  await backup.waitFor();
  // A corrective control starts by limiting the loss, and says where that figure comes from.
  await backup.getByTestId('effect-origin').filter({ hasText: 'corrective: limits their consequences' }).waitFor();
  assert.match(await backup.textContent(), /Primary loss/);
  // Searched again, it says it is linked here already rather than that nothing matches.
  await picker.fill('response incid');
  await page.getByTestId('control-options-none').filter({ hasText: /^Already linked to this risk: 5\.26 / }).waitFor();
  await picker.fill('');
  await picker.press('Escape');
  assert.equal(await rows.count(), before + 2);
  // Undo, here in Treatment, takes the last link back, then the one before.
  await page.getByTestId('treatment-undo').click();
  await backup.waitFor({ state: 'detached' });
  await page.getByTestId('treatment-undo').click();
  await page.locator('[data-testid=control-row][data-control="8.1"]').waitFor({ state: 'detached' });
  assert.equal(await rows.count(), before);
  await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/control-picker.png` : '/dev/null' }).catch(() => {});
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

for (const [width, height] of [[1280, 720], [1440, 900]]) {
  test(`at ${width}×${height} the risk's chart is drawn and nothing sticky covers the row being edited`, async () => {
    const { context, page, record } = await openPage(browser, { width, height });
    await openTreatment(page, 'R-001');
    await page.getByTestId('risk-lec').locator('svg').waitFor({ timeout: 60_000 });
    const row = page.locator('[data-testid=control-row]').first();
    // The field being edited is never under the sticky figures: focusing it scrolls it
    // above them.
    const cost = row.getByTestId('control-one-off');
    await cost.focus();
    const fieldBox = await cost.boundingBox();
    const covering = await page.evaluate(([top, bottom]) => [...document.querySelectorAll('.state-figures')]
      .filter((e) => ['sticky', 'fixed'].includes(getComputedStyle(e).position))
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.height > 0 && r.top < bottom && r.bottom > top)
      .length, [fieldBox.y, fieldBox.y + fieldBox.height]);
    assert.equal(covering, 0, 'a sticky bar covers the field being edited');
    assert.ok(fieldBox.y >= 0 && fieldBox.y + fieldBox.height <= height, `the field is out of view: ${JSON.stringify(fieldBox)}`);
    // An amount as the app writes it: 40k reads as 40,000.
    await cost.fill('40k');
    await cost.press('Tab');
    await page.waitForFunction(() => document.querySelector('[data-testid=control-row] [data-testid=control-one-off]')?.value === '40,000');
    await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/treatment-${width}.png` : '/dev/null', fullPage: true }).catch(() => {});
    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(foreignRequests(record), []);
    await context.close();
  });
}

test('Enter in the justification accepts the residual risk, as the button does', async () => {
  const { context, page, record } = await openPage(browser, { width: 1440, height: 900 });
  await openTreatment(page, 'R-004');
  await page.getByTestId('acceptance-justification').fill('Supplier clauses agreed at renewal.');
  await page.getByTestId('acceptance-justification').press('Enter');
  await page.getByTestId('acceptance').filter({ hasText: 'Supplier clauses agreed at renewal.' }).waitFor();
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});
