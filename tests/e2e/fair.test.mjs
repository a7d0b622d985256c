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
