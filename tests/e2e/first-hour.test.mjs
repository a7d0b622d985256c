// The new analyst's whole first hour (issue 13), in one go: a register of one's own,
// 5×5 criteria, two assets, three risks (one with a FAIR model), the analysis, a risk
// treated with two controls and accepted, the SoA, an export; a tab switch with a
// half-filled form and a reload on the way. Nothing typed is lost, no step needs a
// second try.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage, foreignRequests } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const go = (page, name) => page.getByRole('link', { name, exact: true }).click();

async function addAsset(page, name, owner) {
  await page.getByTestId('add-asset').click();
  await page.getByTestId('asset-name').fill(name);
  await page.getByTestId('asset-owner').fill(owner);
  await page.getByTestId('save-asset').click();
  await page.getByTestId('asset-form').waitFor({ state: 'detached' });
}

async function addRisk(page, { title, owner, likelihood, impact, asset }) {
  await page.getByTestId('add-risk').click();
  await page.getByTestId('risk-title').fill(title);
  await page.getByTestId('risk-owner').fill(owner);
  await page.getByTestId('risk-likelihood').selectOption(String(likelihood));
  await page.getByTestId('risk-impact').selectOption(String(impact));
  await page.getByTestId('risk-affects-confidentiality').check();
  await page.getByTestId('risk-form').getByText(asset).click();
}

test('the first hour: from an empty register to an accepted, exported assessment', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  // A look at the demo's analysis first: its figures must not pass for the new register's.
  await page.goto(new URL('#/analysis', BASE_URL).href);
  await page.locator('[data-testid=run-status][data-state=done]').waitFor({ timeout: 60_000 });
  await go(page, 'Registers');
  await page.getByTestId('new-register-name').fill('Zürich Rückversicherung — Datenschutz 2027');
  await page.getByTestId('create-register').click();
  await page.getByTestId('register-organisation').fill('Zürich Rückversicherung AG');
  await page.getByTestId('register-organisation').press('Tab');
  await page.getByTestId('register-currency').fill('CHF');
  await page.getByTestId('register-currency').press('Tab');

  // 5×5 criteria are the default.
  await go(page, 'Criteria');
  assert.equal(await page.getByTestId('preset-size').inputValue(), '5');

  await go(page, 'Assets');
  await addAsset(page, 'Kundendaten (Policen)', 'Leiter Daten');
  await addAsset(page, 'Schadenportal', 'Leiterin IT');

  // Two risks saved, a third half-filled when the room says "look at the Analysis tab".
  await go(page, 'Register');
  await addRisk(page, { title: 'Phishing führt zu Kontoübernahme', owner: 'CISO', likelihood: 4, impact: 3, asset: 'Schadenportal' });
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-form').waitFor({ state: 'detached' });
  await addRisk(page, { title: 'Fehlversand von Policendaten', owner: 'Datenschutzbeauftragte', likelihood: 3, impact: 2, asset: 'Kundendaten (Policen)' });
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-form').waitFor({ state: 'detached' });
  await addRisk(page, { title: 'Ransomware verschlüsselt das Schadenportal', owner: 'CTO', likelihood: 2, impact: 5, asset: 'Schadenportal' });
  await go(page, 'Analysis');
  await go(page, 'Register');
  assert.equal(await page.getByTestId('risk-title').inputValue(), 'Ransomware verschlüsselt das Schadenportal');
  await page.reload();
  await page.getByTestId('risk-form').waitFor();
  assert.equal(await page.getByTestId('risk-owner').inputValue(), 'CTO');
  // It gets a FAIR model (prefilled from its score's anchors), with its factor explained.
  await page.getByTestId('fair-enabled').check();
  await page.getByTestId('fair-info-loss_event_frequency').click();
  assert.match(await page.getByTestId('fair-help-loss_event_frequency').textContent(), /Loss Event Frequency \(LEF\).*Example:/);
  await page.getByTestId('save-risk').click();
  await page.getByTestId('risk-form').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('risk-row').count(), 3);
  assert.equal(await page.getByTestId('drafts-status').count(), 0, 'no draft is left open');

  // The analysis runs for the new register and says from how many trials.
  await go(page, 'Analysis');
  await page.locator('[data-testid=run-status][data-state=done]').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('convergence').textContent(), /10,000 trials/);
  assert.match(await page.getByTestId('ale').textContent(), /\d/);

  // Treat the phishing risk with two controls, then its owner accepts the residual risk.
  await go(page, 'Treatment');
  await page.locator('[data-testid=treatment-risk][data-risk="R-001"]').click();
  await page.getByTestId('treatment-option').selectOption('modify');
  await page.getByTestId('add-control').fill('5.17');
  await page.getByTestId('add-control').press('Enter');
  await page.locator('[data-testid=control-row][data-control="5.17"]').waitFor();
  await page.getByTestId('add-control').fill('8.5');
  await page.getByTestId('add-control').press('Enter');
  await page.locator('[data-testid=control-row][data-control="8.5"]').waitFor();
  await page.getByTestId('acceptance-justification').fill('MFA und Passwortregeln; Restrisiko im Appetit.');
  await page.getByTestId('accept-risk').click();
  await page.getByTestId('acceptance').waitFor();

  // The SoA lists both controls as applicable; the export is named after the register.
  await go(page, 'SoA');
  await page.getByTestId('soa-row').first().waitFor();
  assert.equal(await page.locator('[data-testid=soa-row][data-control="8.5"] [data-testid=soa-applicable]').inputValue(), 'yes');
  await go(page, 'Export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  assert.match(download.suggestedFilename(), /^zurich-ruckversicherung-datenschutz-2027-\d{4}-\d\d-\d\d\.json$/);
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
  assert.equal(exported.risks.length, 3);
  assert.equal(exported.currency, 'CHF');
  assert.deepEqual(exported.treatments.find((t) => t.risk === 'R-001').controls, ['5.17', '8.5']);

  // A reload keeps all of it.
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  await page.reload();
  await go(page, 'Register');
  await page.getByTestId('risk-row').nth(2).waitFor();
  assert.equal(await page.getByTestId('risk-row').count(), 3);
  assert.match(await page.locator('.register .meta').first().textContent(), /^Zürich Rückversicherung AG · 3 risks/);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
});

test('the example registers open from Registers, beside the demo', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('example-small-business').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=register-name]')?.textContent.startsWith('Small business'));
  await page.getByTestId('example-cloud-saas').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=register-name]')?.textContent.startsWith('Cloud SaaS'));
  await go(page, 'Register');
  assert.ok(await page.getByTestId('risk-row').count() >= 5);
  // The guide is there, and folds away.
  await page.getByTestId('getting-started').locator('summary').waitFor();
  assert.match(await page.getByTestId('getting-started').textContent(), /6\.1\.3/);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
});
