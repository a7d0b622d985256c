// Entering a FAIR model in the risk form: it starts from the score's anchors, bad
// estimates are named by field, and the saved model drives the simulation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage, foreignRequests } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a FAIR model entered in the form is validated, saved, and simulated', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await page.goto(BASE_URL);
  await page.locator('[data-risk="R-004"] [data-testid=edit-risk]').click();
  await page.getByTestId('fair-enabled').check();
  // Prefilled from the anchors of its score (likelihood 2: 0.1–0.33 a year).
  assert.equal(await page.getByTestId('fair-loss_event_frequency').inputValue(), 'lognormal');
  assert.equal(await page.getByTestId('fair-loss_event_frequency-low').inputValue(), '0.1');
  assert.match(await page.getByTestId('fair-expected').textContent(), /Expected annual loss ≈ [\d,]+ EUR/);
  // Switch to PERT and give a mode outside the range.
  await page.getByTestId('fair-loss_event_frequency').selectOption('pert');
  await page.getByTestId('fair-loss_event_frequency-mode').fill('5');
  await page.getByTestId('fair-loss_event_frequency-mode').press('Tab');
  await page.getByTestId('save-risk').click();
  await page.locator('.fair-errors [data-field="fair.loss_event_frequency.mode"]').waitFor();
  assert.match(await page.locator('.fair-errors').textContent(), /Loss event frequency, most likely: must be between min \(0\.1\) and max \(0\.33\)/);
  await page.getByTestId('fair-loss_event_frequency-mode').fill('0.2');
  await page.getByTestId('fair-loss_event_frequency-mode').press('Tab');
  // Split the magnitude: primary loss instead of the single loss magnitude.
  await page.getByTestId('fair-loss_magnitude').selectOption('');
  await page.getByTestId('fair-primary_loss').selectOption('pert');
  await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/fair-form.png` : '/dev/null', fullPage: true }).catch(() => {});
  await page.getByTestId('save-risk').click();
  await page.getByTestId('fair-form').waitFor({ state: 'detached' });
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  await page.reload();
  await page.goto(new URL('#/analysis', BASE_URL).href);
  await page.locator('[data-risk="R-004"]').filter({ hasText: 'FAIR model' }).waitFor({ timeout: 60_000 });
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

test('no value is chosen for the analyst: a half score, a decimal comma or a typo stops Save, named by field', async () => {
  const { context, page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(BASE_URL);
  await page.getByTestId('add-risk').click();
  await page.getByTestId('risk-title').fill('Courier loses backup tapes');
  await page.getByTestId('risk-owner').fill('Head of IT');
  // A likelihood alone chooses no impact.
  await page.getByTestId('risk-likelihood').selectOption('3');
  assert.equal(await page.getByTestId('risk-impact').inputValue(), '');
  await page.getByTestId('save-risk').click();
  await page.getByTestId('form-problems').filter({ hasText: 'Impact: choose a level' }).waitFor();
  await page.getByTestId('risk-impact').selectOption('1');
  // The FAIR model starts from the score, and follows it while it is not edited.
  await page.getByTestId('fair-enabled').check();
  const low = page.getByTestId('fair-loss_magnitude-low');
  const lowAtImpact1 = await low.inputValue();
  await page.getByTestId('risk-impact').selectOption('4');
  await page.waitForFunction((before) => document.querySelector('[data-testid="fair-loss_magnitude-low"]').value !== before, lowAtImpact1);
  // An estimate that does not hold together says so at once.
  await page.getByTestId('fair-loss_magnitude-high').fill('1');
  await page.getByTestId('fair-loss_magnitude-high').press('Tab');
  await page.getByTestId('fair-expected').filter({ hasText: /No expected loss yet: Loss magnitude.*must be greater than/ }).waitFor();
  await page.getByTestId('fair-loss_magnitude-high').fill('5,000,000');
  await page.getByTestId('fair-loss_magnitude-high').press('Tab');
  await page.getByTestId('fair-expected').filter({ hasText: /Expected annual loss ≈/ }).waitFor();
  // A decimal comma is refused where it is typed, and Save says so instead of saving the old value.
  await page.getByTestId('fair-loss_event_frequency-low').fill('0,05');
  await page.getByTestId('fair-loss_event_frequency-low').press('Tab');
  await page.getByTestId('fair-loss_event_frequency-typo').waitFor();
  // No figure from the last good value while a value does not read.
  await page.getByTestId('fair-expected').filter({ hasText: /^No expected loss yet: Loss event frequency, low/ }).waitFor();
  await page.getByTestId('save-risk').click();
  await page.getByTestId('form-problems').filter({ hasText: /Loss event frequency.*"0,05" is not a number: use a point for decimals/ }).waitFor();
  // Once corrected, one click on Save saves.
  await page.getByTestId('fair-loss_event_frequency-low').fill('0.05');
  await page.getByTestId('fair-loss_event_frequency-low').press('Tab');
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-form').waitFor({ state: 'detached' });
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  const saved = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('residual.register.'));
    return JSON.parse(localStorage.getItem(key)).risks.find((r) => r.title === 'Courier loses backup tapes');
  });
  assert.equal(saved.assessment.likelihood, 3);
  assert.equal(saved.assessment.impact, 4);
  assert.equal(saved.fair.loss_event_frequency.low, 0.05);
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});

test('observed losses pasted as an empirical estimate drive the expected loss and survive a reload', async () => {
  const { context, page, record } = await openPage(browser, { width: 1600, height: 1200 });
  await page.goto(BASE_URL);
  await page.locator('[data-risk="R-004"] [data-testid=edit-risk]').click();
  await page.getByTestId('fair-enabled').check();
  // Made empirical, the estimate starts as twenty equally likely values of the old one.
  await page.getByTestId('fair-loss_magnitude').selectOption('empirical');
  const values = page.getByTestId('fair-loss_magnitude-values');
  assert.equal((await values.inputValue()).split(';').length, 20);
  // A column pasted from a spreadsheet, one value a line, in any order.
  await values.fill('40,000\n10,000\n1,000,000\n20,000\n30,000\n');
  await values.press('Tab');
  // LEF is lognormal on the likelihood's anchor (0.1–0.33 a year); LM's mean is the values' mean.
  const sigma = (Math.log(0.33) - Math.log(0.1)) / (2 * 1.6448536269514722);
  const lef = Math.exp((Math.log(0.1) + Math.log(0.33)) / 2 + sigma * sigma / 2);
  const expected = lef * 220_000;
  await page.waitForFunction((expected) => {
    const shown = document.querySelector('[data-testid="fair-expected"]').textContent.match(/≈ ([\d,]+)/);
    return shown && Math.abs(Number(shown[1].replaceAll(',', '')) - expected) <= 1;
  }, expected, { timeout: 5_000 }).catch(async () => {
    assert.fail(`expected ≈ ${expected}, shown: ${await page.getByTestId('fair-expected').textContent()}`);
  });
  assert.equal(await values.inputValue(), '10,000; 20,000; 30,000; 40,000; 1,000,000');
  // A value that does not read is named by its position, and Save refuses it.
  await values.fill('10,000; 2O,000');
  await values.press('Tab');
  await page.getByTestId('fair-loss_magnitude-typo').filter({ hasText: 'Loss magnitude, values: value 2: "2O,000" is not a number' }).waitFor();
  await values.fill('10,000; 20,000; 30,000; 40,000; 1,000,000');
  await values.press('Tab');
  await page.getByTestId('save-risk').click();
  await page.getByTestId('fair-form').waitFor({ state: 'detached' });
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  await page.reload();
  await page.locator('[data-risk="R-004"] [data-testid=edit-risk]').click();
  assert.equal(await page.getByTestId('fair-loss_magnitude').inputValue(), 'empirical');
  assert.equal(await page.getByTestId('fair-loss_magnitude-values').inputValue(), '10,000; 20,000; 30,000; 40,000; 1,000,000');
  await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/fair-empirical.png` : '/dev/null', fullPage: true }).catch(() => {});
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});
