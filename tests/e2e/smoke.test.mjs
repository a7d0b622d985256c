// End-to-end smoke test: the built app, served statically, as a first-time visitor sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage, foreignRequests, DEMO } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the app loads with the demo register, without errors or foreign requests', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(BASE_URL);
  await page.getByTestId('register-name').waitFor();
  assert.equal(await page.getByTestId('register-name').textContent(), 'Meridian Freight — ISMS risk register 2026');
  assert.equal(await page.getByTestId('risk-row').count(), DEMO.risks.length);
  assert.match(await page.getByTestId('demo-banner').textContent(), /demo register/);
  assert.match(await page.getByTestId('register-picker').textContent(), /Meridian Freight.*\(demo\)/);
  for (const view of ['Assets', 'Criteria', 'Analysis', 'Treatment', 'SoA', 'Export', 'Registers', 'Register']) {
    await page.getByRole('link', { name: view, exact: true }).click();
    await page.waitForFunction((name) => document.querySelector('nav.views a.active')?.textContent === name, view);
  }
  await page.getByRole('link', { name: 'Criteria', exact: true }).click();
  await page.getByTestId('risk-matrix').waitFor();
  assert.equal(await page.locator('[data-testid=risk-matrix] tbody tr').count(), 5);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
  await context.close();
});

test('the schema and the demo register are served at their stable paths', async () => {
  const { context, page } = await openPage(browser);
  const schema = await page.goto(new URL('schema/register-v1.json', BASE_URL).href);
  assert.equal(schema.status(), 200);
  assert.equal((await schema.json()).title, 'Residual risk register');
  const demo = await page.goto(new URL('examples/demo-register.json', BASE_URL).href);
  assert.equal((await demo.json()).schema_version, '1');
  await context.close();
});

test('a deep link opens its view', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(new URL('#/criteria', BASE_URL).href);
  await page.getByTestId('risk-matrix').waitFor();
  assert.equal(await page.locator('nav.views a.active').textContent(), 'Criteria');
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});
