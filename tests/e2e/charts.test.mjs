// Charts for people (issue 13): text of 14 px or more at 1280×720 and 1920×1080, a loss
// exceedance curve with a value readout (pointer and keyboard), percentile marks, a
// legend above the plot and a log/linear axis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, openPage } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const shots = process.env.SCREENSHOT_DIR;

/** The smallest text in any chart, in CSS pixels as drawn, with what it says. */
function smallestChartText(page) {
  return page.evaluate(() => {
    let smallest = { px: Infinity, text: '', chart: '' };
    for (const svg of document.querySelectorAll('.chart svg')) {
      const drawnWidth = svg.getBoundingClientRect().width;
      const ownWidth = svg.viewBox.baseVal?.width || svg.width.baseVal.value;
      const scale = drawnWidth / ownWidth;
      for (const text of svg.querySelectorAll('text')) {
        if (!text.textContent.trim()) continue;
        const px = parseFloat(getComputedStyle(text).fontSize) * scale;
        if (px < smallest.px) smallest = { px, text: text.textContent.trim(), chart: svg.closest('[data-testid]')?.dataset.testid };
      }
    }
    return smallest;
  });
}

for (const [width, height] of [[1280, 720], [1920, 1080]]) {
  test(`every chart's text is at least 14 px at ${width}×${height}`, async () => {
    const { page, record } = await openPage(browser, { width, height });
    await page.goto(new URL('#/analysis', BASE_URL).href);
    await page.getByTestId('lec-chart').locator('svg').waitFor({ timeout: 60_000 });
    const analysis = await smallestChartText(page);
    assert.ok(analysis.px >= 14, `analysis: "${analysis.text}" in ${analysis.chart} is ${analysis.px.toFixed(1)} px`);
    if (shots) await page.screenshot({ path: `${shots}/analysis-${width}x${height}.png`, fullPage: true });

    await page.goto(new URL('#/treatment', BASE_URL).href);
    await page.getByTestId('rosi-chart').locator('svg').waitFor({ timeout: 60_000 });
    const treatment = await smallestChartText(page);
    assert.ok(treatment.px >= 14, `treatment: "${treatment.text}" in ${treatment.chart} is ${treatment.px.toFixed(1)} px`);
    assert.match(await page.getByTestId('rosi-explained').textContent(), /−100%/);
    if (shots) await page.screenshot({ path: `${shots}/treatment-${width}x${height}.png`, fullPage: true });
    assert.deepEqual(record.consoleErrors, []);
  });
}

test('the loss exceedance curve: marks, legend off the plot, readout by pointer and keys, log or linear', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/analysis', BASE_URL).href);
  const chart = page.getByTestId('lec-chart');
  await chart.locator('svg').waitFor({ timeout: 60_000 });
  const texts = await chart.locator('svg text').allTextContents();
  for (const mark of ['median', 'P90', 'P99']) {
    assert.ok(texts.some((t) => t.trim().startsWith(`${mark} `)), `no ${mark} mark in ${texts}`);
  }
  // The marks state the figures' own values.
  const p90 = (await page.getByTestId('p90').locator('.figure-value').textContent()).trim();
  const var99 = (await page.getByTestId('var99').locator('.figure-value').textContent()).trim();
  assert.ok(texts.some((t) => t.trim() === `P90 ${p90}`), `P90 ${p90} is not marked: ${texts}`);
  assert.ok(texts.some((t) => t.trim() === `P99 ${var99}`), `P99 ${var99} is not marked: ${texts}`);
  // The legend sits above the top of the plot (the 100% tick).
  const legendBottom = await chart.locator('svg text', { hasText: /^\s*Register\s*$/ }).evaluate((e) => e.getBoundingClientRect().bottom);
  const plotTop = await chart.locator('svg text', { hasText: /^\s*100%\s*$/ }).evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(legendBottom <= plotTop, `legend bottom ${legendBottom} below the plot top ${plotTop}`);

  // Pointer: the readout names a loss and the register's chance of exceeding it.
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  const readout = page.getByTestId('lec-chart-readout');
  assert.match(await readout.textContent(), /^Chance of losing more than [\d.]+[kMB]? EUR in a year: Register \d+\.\d%$/);
  // The same words beside the cursor, at the top of the plot, where the eye is.
  assert.equal((await page.locator('.chart-cursor-label').textContent()).trim(), (await readout.textContent()).trim());
  // Keys: the left edge of the plot is (almost) certain to be exceeded, the right edge almost never.
  await chart.focus();
  await page.keyboard.press('Home');
  const left = Number((await readout.textContent()).match(/Register ([\d.]+)%/)[1]);
  await page.keyboard.press('End');
  const right = Number((await readout.textContent()).match(/Register ([\d.]+)%/)[1]);
  assert.ok(left >= 99, `left edge ${left}%`);
  assert.ok(right <= 0.5, `right edge ${right}%`);
  await page.keyboard.press('ArrowLeft');
  const stepped = Number((await readout.textContent()).match(/Register ([\d.]+)%/)[1]);
  assert.ok(stepped >= right, 'a step to the left never lowers the chance');

  // Linear axis.
  await page.getByTestId('scale-linear').click();
  await chart.locator('svg text', { hasText: /^\s*Annual loss \(EUR\)\s*$/ }).waitFor();
  assert.equal(await page.getByTestId('scale-linear').getAttribute('aria-pressed'), 'true');
  if (shots) await page.screenshot({ path: `${shots}/lec-linear-1280x720.png`, fullPage: false });
  assert.deepEqual(record.consoleErrors, []);
});

test('treatment at 1280×720: the residual figure stays in view beside every slider', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/treatment', BASE_URL).href);
  await page.getByTestId('lec-states').locator('svg').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=treatment-risk][data-risk="R-001"]').click();
  const sliders = page.getByTestId('effectiveness');
  const count = await sliders.count();
  assert.ok(count >= 2, `R-001 has ${count} sliders`);
  for (let i = 0; i < count; i++) {
    await sliders.nth(i).scrollIntoViewIfNeeded();
    const figure = await page.getByTestId('figure-residual').boundingBox();
    const slider = await sliders.nth(i).boundingBox();
    assert.ok(slider.y >= 0 && slider.y + slider.height <= 720, `slider ${i} is not in view`);
    assert.ok(figure.y >= 0 && figure.y + figure.height <= 720, `slider ${i}: the residual figure is at y ${figure.y}, out of view`);
  }
  if (shots) await page.screenshot({ path: `${shots}/treatment-sticky-1280x720.png` });
  assert.deepEqual(record.consoleErrors, []);
});

test('treatment at 1440×900: the controls, the residual figure and the risk\'s curves are in view together, and a slider moves them', async () => {
  const { page, record } = await openPage(browser, { width: 1440, height: 900 });
  await page.goto(new URL('#/treatment', BASE_URL).href);
  await page.getByTestId('lec-states').locator('svg').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=treatment-risk][data-risk="R-001"]').click();
  const side = page.getByTestId('risk-lec');
  await side.locator('svg').waitFor({ timeout: 60_000 });
  const inView = (box, what) => assert.ok(box && box.y >= 0 && box.y + box.height <= 900 && box.x + box.width <= 1440,
    `${what} is out of view: ${JSON.stringify(box)}`);
  const sliders = page.getByTestId('effectiveness');
  const count = await sliders.count();
  assert.ok(count >= 2, `R-001 has ${count} sliders`);
  for (let i = 0; i < count; i++) {
    await sliders.nth(i).evaluate((e) => e.scrollIntoView({ block: 'center' }));
    inView(await sliders.nth(i).boundingBox(), `slider ${i}`);
    inView(await page.getByTestId('side-figure-residual').boundingBox(), `slider ${i}: the residual figure`);
    inView(await side.locator('svg').boundingBox(), `slider ${i}: the risk's curves`);
    // Nothing sticks over the form: the figures are in the side column.
    assert.equal(await page.getByTestId('figure-residual').isVisible(), false);
  }
  // The side chart is the selected risk's, and its text is 14 px or more.
  assert.match(await page.getByTestId('treatment-side').textContent(), /R-001/);
  const px = await side.locator('svg').evaluate((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
  });
  assert.ok(px >= 14, `side chart text ${px.toFixed(1)} px`);
  // Moving a slider redraws the curves beside it.
  const before = await side.innerHTML();
  const figure = await page.getByTestId('side-figure-residual').textContent();
  await sliders.first().fill('95');
  await page.waitForFunction((b) => document.querySelector('[data-testid=risk-lec]')?.innerHTML !== b, before, { timeout: 30_000 });
  await page.waitForFunction((f) => document.querySelector('[data-testid=side-figure-residual]')?.textContent !== f, figure, { timeout: 30_000 });
  // No sideways scroll with three columns.
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `${scroll} px wide in a ${client} px window`);
  if (shots) await page.screenshot({ path: `${shots}/treatment-side-1440x900.png` });
  assert.deepEqual(record.consoleErrors, []);
});

test('treatment heat map: no two names overlap, and every name has a halo over the arrows', async () => {
  const { page, record } = await openPage(browser, { width: 1440, height: 900 });
  await page.goto(new URL('#/treatment', BASE_URL).href);
  const svg = page.getByTestId('heat-arrows').locator('svg');
  await svg.waitFor({ timeout: 60_000 });
  const found = await svg.evaluate((svg) => {
    const names = [...svg.querySelectorAll('text')].filter((t) => /^R-\d+$/.test(t.textContent.trim()));
    const boxes = names.map((t) => ({ name: t.textContent.trim(), box: t.getBBox(), halo: t.getAttribute('stroke') === '#fff' && t.getAttribute('paint-order') === 'stroke' }));
    const overlaps = [];
    for (let a = 0; a < boxes.length; a++) {
      for (let b = a + 1; b < boxes.length; b++) {
        const [p, q] = [boxes[a].box, boxes[b].box];
        if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height) overlaps.push(`${boxes[a].name} × ${boxes[b].name}`);
      }
    }
    return { count: boxes.length, overlaps, withoutHalo: boxes.filter((b) => !b.halo).map((b) => b.name) };
  });
  // Every scored risk's name, and its residual cell's where it moves.
  assert.ok(found.count >= 15, `${found.count} names drawn`);
  assert.deepEqual(found.overlaps, []);
  assert.deepEqual(found.withoutHalo, []);
  assert.deepEqual(record.consoleErrors, []);
});

test('no view scrolls sideways at 1280×720', async () => {
  const { page } = await openPage(browser, { width: 1280, height: 720 });
  for (const view of ['register', 'assets', 'criteria', 'analysis', 'treatment', 'soa', 'export', 'registers']) {
    await page.goto(new URL(`#/${view}`, BASE_URL).href);
    await page.locator('section.view').first().waitFor();
    await page.waitForTimeout(300);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `${view}: ${scroll} px wide in a ${client} px window`);
  }
});
