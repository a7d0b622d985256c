import { launch, openPage } from './browser.mjs';
const url = process.env.RESIDUAL_URL;
const browser = await launch();
const { page, record } = await openPage(browser, { width: 1920, height: 1080 });
await page.goto(url + '#/treatment');
await page.waitForSelector('[data-testid=rosi-chart] svg', { timeout: 30000 });
for (const id of ['heat-arrows', 'treatment-form']) {
  await page.locator(`[data-testid=${id}]`).screenshot({ path: `/tmp/c-${id}.png` });
}
await page.goto(url + '#/soa');
await page.waitForSelector('[data-testid=soa-row]');
await page.screenshot({ path: '/tmp/soa.png' });
await page.locator('[data-testid=plan-table]').screenshot({ path: '/tmp/plan.png' });
console.log(await page.textContent('[data-testid=soa-counts]'));
console.log('errors', record.consoleErrors);
await browser.close();
