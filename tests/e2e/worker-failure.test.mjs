// Issue 25, part 3: every way the simulation worker can fail to start ends within
// seconds in a clear message with a way to run again, never in a spinner: the page
// gone offline after it opened, and each of the worker's files blocked (its start-up
// script, its code, its wasm).
// Analysis and Treatment both say so, and a retry after the cause is gone completes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const url = (fragment) => new URL(fragment, BASE_URL).href;

/** The message must come well before the start-up watchdog (30 s) would give up. */
const PROMPT_MS = 8_000;

async function expectFailure(page, testid) {
  await page.locator(`[data-testid=${testid}]`).waitFor({ timeout: PROMPT_MS });
}

async function analysisFailsThenRecovers(page, context, unblock) {
  // Opening Analysis without figures starts a run.
  await expectFailure(page, 'retry-simulation');
  const status = await page.getByTestId('simulation-error').textContent();
  assert.match(status, /simulation worker/i, status);
  assert.doesNotMatch(status, /Running/, status);
  await unblock();
  await page.getByTestId('retry-simulation').click();
  await page.waitForFunction(() => /trials/.test(document.querySelector('[data-testid=convergence]')?.textContent ?? ''), null, { timeout: 60_000 });
}

/** Page errors other than the failed loads the test itself caused. */
function unexpected(record) {
  return record.consoleErrors.filter((e) => !/Failed to load resource|net::ERR_|ERR_INTERNET_DISCONNECTED|ERR_FAILED/.test(e));
}

test('offline after the page opened: Analysis says the worker could not load, and runs once back online', async () => {
  const { context, page, record } = await openPage(browser);
  await page.goto(BASE_URL);
  await page.getByTestId('risk-row').first().waitFor();
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Analysis', exact: true }).click();
  await analysisFailsThenRecovers(page, context, () => context.setOffline(false));
  assert.deepEqual(unexpected(record), []);
  await context.close();
});

for (const [what, pattern] of [
  ['wasm', '**/residual-worker_bg.wasm'],
  ['code (its start-up script loads)', '**/residual-worker.js'],
  ['start-up script', '**/residual-worker-start.js'],
]) {
  test(`the worker's ${what} blocked: Analysis and Treatment say so within seconds, and a retry runs`, async () => {
    const { context, page, record } = await openPage(browser);
    await context.route(pattern, (route) => route.abort('blockedbyclient'));
    await page.goto(url('#/analysis'));
    await analysisFailsThenRecovers(page, context, () => context.unroute(pattern));

    // Treatment, in a page whose worker cannot load either.
    await context.route(pattern, (route) => route.abort('blockedbyclient'));
    await page.goto(url('#/treatment'));
    await page.reload();
    await page.locator('[data-testid=treatment-risk]').first().click();
    await expectFailure(page, 'retry-treatment');
    assert.match(await page.getByTestId('treatment-status').textContent(), /simulation worker/i);
    await context.unroute(pattern);
    await page.getByTestId('retry-treatment').click();
    await page.getByTestId('retry-treatment').waitFor({ state: 'detached', timeout: 30_000 });
    assert.deepEqual(unexpected(record), []);
    await context.close();
  });
}
