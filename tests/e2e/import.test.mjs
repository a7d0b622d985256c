// Import in the app (issue 14, first slice): file, drop or paste; every problem by path
// and nothing changed; a preview first; as a new register, or in place of one with a
// backup that can be restored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import { BASE_URL, launch, openPage, foreignRequests, DEMO } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const example = async () => readFile(new URL('../../public/examples/small-business.json', import.meta.url), 'utf8');
const storage = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

test('a broken or hostile file changes nothing and says why, by path', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('new-register-name').fill('Mine');
  await page.getByTestId('create-register').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  const before = await storage(page);

  const broken = JSON.parse(await example());
  broken.risks[1].owner = '';
  broken.assets[0].value.integrity = 'high';
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const problems = page.getByTestId('import-problems');
  await problems.waitFor();
  assert.match(await problems.textContent(), /Not imported, nothing changed: 1 kind of problem in the file\. Correct them.*\$\.assets\[0\]\.value\.integrity: invalid type: string "high"/);
  // The same complaint in many places is one line, in words; the paths are behind a toggle.
  const owners = JSON.parse(await example());
  for (const r of owners.risks.slice(0, 3)) r.owner = '';
  await page.getByTestId('import-file').setInputFiles({ name: 'owners.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(owners)) });
  await page.getByTestId('import-problem-groups').filter({ hasText: /\(3 places\)/ }).waitFor();
  assert.equal(await page.getByTestId('import-problem-groups').locator('li').count(), 1);
  assert.ok(!(await page.getByTestId('import-problem-groups').textContent()).includes('$.'));
  assert.equal(await page.getByTestId('import-problem-paths').evaluate((d) => d.open), false);

  const deep = '['.repeat(5000) + ']'.repeat(5000);
  await page.getByTestId('import-file').setInputFiles({ name: 'deep.json', mimeType: 'application/json', buffer: Buffer.from(deep) });
  await page.getByTestId('import-problems').filter({ hasText: 'nested more than 64 levels' }).waitFor();

  await page.getByTestId('import-paste').fill('{"schema_version": "1", "name": ');
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-problems').filter({ hasText: 'not valid JSON' }).waitFor();

  assert.equal(await storage(page), before, 'a refused import changed the storage');
  assert.equal(await page.getByTestId('register-row').count(), 1);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
});

test('a file is previewed, imported as new, then again in place of it, and the backup restored', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('new-register-name').fill('Mine');
  await page.getByTestId('create-register').click();
  const text = await example();

  // Dropped on the drop zone.
  await page.getByTestId('import-drop').evaluate((zone, content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'small-business.json', { type: 'application/json' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  const preview = page.getByTestId('import-preview');
  await preview.waitFor();
  assert.match(await preview.textContent(), /Small business: ISMS risk register 2027 — 7 risks, 6 assets, 5 controls, 5 treatments/);
  assert.equal(await page.getByTestId('import-clash').count(), 0);
  await page.getByTestId('import-as-new').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=register-name]')?.textContent.startsWith('Small business'));
  assert.equal(await page.getByTestId('register-row').count(), 2);

  // Its own export, edited elsewhere, comes back: same id, so it may replace it.
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('residual.register.'))
    .map((k) => JSON.parse(localStorage.getItem(k))).find((r) => r.name.startsWith('Small business')));
  const edited = { ...stored, scope: 'Edited in a workshop' };
  await page.getByTestId('import-paste').fill(JSON.stringify(edited));
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-clash').waitFor();
  await page.getByTestId('import-replace').click();
  await page.getByTestId('backup').waitFor();
  assert.equal(await page.getByTestId('register-row').count(), 2, 'replaced, not added');
  assert.equal(await page.getByTestId('register-scope').inputValue(), 'Edited in a workshop');

  // The replaced version comes back from its backup.
  await page.getByTestId('restore-backup').click();
  await page.waitForFunction((scope) => document.querySelector('[data-testid=register-scope]')?.value === scope, stored.scope);
  await page.reload();
  await page.getByRole('link', { name: 'Registers', exact: true }).click();
  assert.equal(await page.getByTestId('register-row').count(), 2);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
});

test('export, import in place, export: the same bytes', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('example-cloud-saas').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=register-name]')?.textContent.startsWith('Cloud SaaS'));
  const exportOnce = async () => {
    await page.getByRole('link', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    return readFile(await download.path(), 'utf8');
  };
  const first = await exportOnce();
  const parsed = JSON.parse(first);
  // The file names its schema where this deployment serves it; a tool fetches it from
  // there and validates (docs/register-format.md, "Validating an export", step 1).
  assert.equal(parsed.$schema, new URL('schema/register-v1.json', BASE_URL).href);
  const schema = await (await fetch(parsed.$schema)).json();
  assert.equal(schema.$id, 'urn:residual:schema:register-v1');
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  assert.ok(validate(parsed), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.match(parsed.generator, /^Residual \d+\.\d+\.\d+$/);
  assert.equal(parsed.revision, undefined);
  await page.getByRole('link', { name: 'Registers', exact: true }).click();
  await page.getByTestId('import-paste').fill(first);
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-replace').click();
  await page.getByTestId('import-message').filter({ hasText: 'Imported.' }).waitFor();
  assert.equal(await exportOnce(), first);
  // In a fresh browser, where nothing clashes, the file comes in as it is: its export is
  // the same bytes too.
  const fresh = await openPage(browser, { width: 1280, height: 720 });
  await fresh.page.goto(new URL('#/registers', BASE_URL).href);
  await fresh.page.getByTestId('import-paste').fill(first);
  await fresh.page.getByTestId('import-read-paste').click();
  assert.equal(await fresh.page.getByTestId('import-replace').count(), 0);
  await fresh.page.getByTestId('import-as-new').click();
  await fresh.page.getByTestId('import-message').filter({ hasText: 'Imported.' }).waitFor();
  await fresh.page.getByRole('link', { name: 'Export', exact: true }).click();
  const [again] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.getByTestId('export-json').click()]);
  assert.equal(await readFile(await again.path(), 'utf8'), first);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(fresh.record.consoleErrors, []);
});

test('the register and the plan download as CSV, with the analysis figures once it has run', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  const download = async (testid) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
  };
  await page.goto(new URL('#/export', BASE_URL).href);
  const before = await download('export-csv');
  assert.match(before.name, /^meridian-freight-isms-risk-register-2026-\d{4}-\d\d-\d\d\.csv$/);
  assert.ok(before.text.startsWith('\ufeffid,title,owner,status,'));
  assert.doesNotMatch(before.text.split('\r\n')[0], /,mean,/, 'no figures before the analysis');
  assert.equal(before.text.split('\r\n').filter(Boolean).length, DEMO.risks.length + 1, 'a header and a line per risk');

  await page.getByRole('link', { name: 'Analysis', exact: true }).click();
  await page.locator('[data-testid=run-status][data-state=done]').waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Export', exact: true }).click();
  await page.getByTestId('export-bom').uncheck();
  const after = await download('export-csv');
  const header = after.text.split('\r\n')[0];
  assert.ok(header.startsWith('id,'), 'no BOM when unticked');
  assert.match(header, /,mean,p90,p99,p_loss_above_appetite,p_loss_above_tolerance$/);
  const plan = await download('export-plan-csv');
  assert.match(plan.name, /-plan\.csv$/);
  assert.match(plan.text.split('\r\n')[0], /^owner,control,title,status,due_date,overdue,one_off_cost,annual_cost,annualised_cost,risks$/);
  assert.deepEqual(record.consoleErrors, []);
});

test('hostile files: refused by name, or markup shown as the text it is, and nothing changes', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('new-register-name').fill('Mine');
  await page.getByTestId('create-register').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  const before = await storage(page);
  const demo = JSON.parse(await readFile(new URL('../../public/examples/demo-register.json', import.meta.url), 'utf8'));
  const cases = [
    ['{"schema_version": "99"}', /schema_version/],
    [JSON.stringify({ ...demo, risks: [demo.risks[0], demo.risks[0]] }), /\$\.risks\[1\]\.id/],
    [JSON.stringify(demo).replace('"trials":20000', '"trials":1e309'), /\$\.simulation\.trials/],
    [JSON.stringify(demo).slice(0, 5000), /not valid JSON/],
  ];
  for (const [text, said] of cases) {
    await page.getByTestId('import-paste').fill(text);
    await page.getByTestId('import-read-paste').click();
    await page.getByTestId('import-problems').filter({ hasText: said }).waitFor();
  }
  assert.equal(await storage(page), before, 'a refused import changed the storage');

  // Markup in every text a view or chart draws is kept, and shown as text.
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const marked = { ...demo, id: 'hostile', name: `Hostile ${payload}` };
  marked.risks = demo.risks.map((r, i) => (i === 0 ? { ...r, title: payload } : r));
  marked.criteria = { ...demo.criteria, loss_thresholds: demo.criteria.loss_thresholds.map((t) => ({ ...t, name: payload })) };
  await page.getByTestId('import-paste').fill(JSON.stringify(marked));
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-as-new').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=register-name]')?.textContent.startsWith('Hostile'));
  assert.equal(await page.getByTestId('register-name').textContent(), `Hostile ${payload}`);
  for (const view of ['register', 'analysis', 'treatment']) {
    await page.getByRole('link', { name: view[0].toUpperCase() + view.slice(1), exact: true }).click();
    await page.waitForTimeout(view === 'register' ? 300 : 3000);
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'markup ran');
  assert.equal(await page.locator('img[src=x]').count(), 0);
  assert.deepEqual(record.consoleErrors, []);
});

test('the other tools\' formats download from Export, with what each could not keep', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/export', BASE_URL).href);
  const take = async (testid) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
  };
  const riskquant = await take('export-riskquant');
  assert.match(riskquant.name, /-riskquant\.csv$/);
  assert.equal(riskquant.text.trim().split('\r\n').length, DEMO.risks.length);
  assert.match(await page.getByTestId('export-warnings').textContent(), /riskquant keeps no owners/);
  const pyfair = await take('export-pyfair');
  assert.equal(JSON.parse(pyfair.text).type, 'FairMetaModel');
  const ciso = await take('export-ciso-assistant');
  assert.ok(ciso.text.startsWith('\ufeffref_id;assets;threats;name;description;'));
  assert.match(await page.getByTestId('export-warnings').textContent(), /CISO Assistant/);
  const crq = await take('export-ciso-assistant-crq');
  assert.ok(JSON.parse(crq.text).hypotheses.every((h) => h.parameters.impact.distribution === 'LOGNORMAL-CI90'));
  const matrix = await take('export-ciso-assistant-matrix');
  assert.match(matrix.name, /-ciso-assistant-matrix\.yaml$/);
  assert.match(matrix.text, /^objects:\n {2}risk_matrix:\n/m);
  assert.equal((matrix.text.match(/^ {4}- \[/gm) ?? []).length, 5, 'a grid row per likelihood level');
  // The library comes back in as a register with those criteria and no risks.
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('import-paste').fill(matrix.text);
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-foreign').filter({ hasText: 'CISO Assistant risk-matrix library' }).waitFor();
  assert.match(await page.getByTestId('import-preview').textContent(), /0 risks/);
  // The hypotheses come back in through the same import.
  await page.getByTestId('import-paste').fill(crq.text);
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-foreign').filter({ hasText: 'CISO Assistant quantitative hypotheses' }).waitFor();
  assert.match(await page.getByTestId('import-preview').textContent(), new RegExp(`${DEMO.risks.length} risks`));
  await page.goto(new URL('#/export', BASE_URL).href);
  // OSCAL: without a current analysis the page says the figures are left out, and so
  // does the download's list; after a run they are in it.
  assert.match(await page.getByTestId('export-no-figures').textContent(), /leave out the simulated figures/);
  let oscal = await take('export-oscal');
  assert.match(oscal.name, /-oscal\.json$/);
  let risks = JSON.parse(oscal.text)['assessment-results'].results[0].risks;
  assert.equal(risks.length, DEMO.risks.length);
  assert.ok(!risks[0].props.some((p) => p.name === 'annual-loss-mean'));
  assert.match(await page.getByTestId('export-warnings').textContent(), /figures are left out/);
  await page.getByTestId('export-no-figures').getByRole('link').click();
  await page.getByTestId('lec-chart').locator('svg').waitFor({ timeout: 60_000 });
  await page.goto(new URL('#/export', BASE_URL).href);
  await page.getByTestId('export-oscal').waitFor();
  assert.equal(await page.getByTestId('export-no-figures').count(), 0);
  oscal = await take('export-oscal');
  risks = JSON.parse(oscal.text)['assessment-results'].results[0].risks;
  assert.ok(risks[0].props.some((p) => p.name === 'annual-loss-mean' && Number(p.value) > 0));
  // The exchange notes the page points to are served with it.
  const notes = await page.request.get(new URL('interop.md', BASE_URL).href);
  assert.equal(notes.status(), 200);
  assert.match(await notes.text(), /## CISO Assistant/);
  assert.deepEqual(record.consoleErrors, []);
});

test('another tool\'s file is recognised, previewed with what it lacks, and imported', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('new-register-name').fill('Mine');
  await page.getByTestId('create-register').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  const before = await storage(page);

  // CISO Assistant's assessment CSV (its own column names, ;-separated, with a BOM),
  // scored with level names a default 5×5 lacks: refused by row and column until the
  // matrix it used is chosen.
  const ciso = '\ufeffref_id;assets;name;inherent_impact;inherent_proba;existing_applied_controls;additional_controls;treatment\r\n'
    + 'R-7;CRM|ERP;Phishing leads to fraud;Severe;Sometimes;8.7 Protection against malware;5.31 Legal, statutory, regulatory and contractual requirements;mitigate\r\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'assessment.csv', mimeType: 'text/csv', buffer: Buffer.from(ciso) });
  await page.getByTestId('import-foreign').filter({ hasText: 'CISO Assistant risk-assessment CSV' }).waitFor();
  assert.match(await page.getByTestId('import-problems').textContent(), /row 2 column inherent_proba: "Sometimes" is not a level of the matrix/);
  assert.equal(await storage(page), before, 'a refused import changes nothing');
  // Rename a likelihood level of "Mine" is not needed: fix the file instead, and read it again.
  await page.getByTestId('import-paste').fill(ciso.replace('Sometimes', 'likely'));
  await page.getByTestId('import-read-paste').click();
  const preview = page.getByTestId('import-preview');
  await preview.waitFor();
  assert.match(await preview.textContent(), /1 risk, 2 assets, 2 controls, 1 treatment/);
  assert.ok((await page.getByTestId('import-note').allTextContents()).some((n) => /no owners/.test(n)));
  await page.getByTestId('import-currency').fill('CHF');
  await page.getByTestId('import-currency').dispatchEvent('change');
  await page.getByTestId('import-as-new').click();
  await page.getByTestId('import-message').filter({ hasText: 'Imported.' }).waitFor();
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('residual.register.')).map(([, v]) => JSON.parse(v)));
  const imported = stored.find((r) => r.name === 'Imported from CISO Assistant');
  assert.ok(imported, 'the imported register is stored');
  // The imported register is the one open, also after a reload.
  await page.reload();
  await page.getByTestId('register-name').filter({ hasText: 'Imported from CISO Assistant' }).waitFor();
  assert.equal(imported.currency, 'CHF');
  assert.deepEqual(imported.risks[0].assessment.likelihood, 4);
  assert.deepEqual(imported.treatments[0].controls.sort(), ['5.31', '8.7']);

  // riskquant (no header) and pyfair (JSON) are recognised too.
  await page.goto(new URL('#/registers', BASE_URL).href);
  await page.getByTestId('import-paste').fill('WEB,Web server outage,0.5,10000,400000\n');
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-foreign').filter({ hasText: 'riskquant CSV' }).waitFor();
  assert.match(await page.getByTestId('import-preview').textContent(), /1 risk/);
  await page.getByTestId('import-cancel').click();
  const pyfair = { type: 'FairModel', name: 'Laptop theft', n_simulations: 1000, random_seed: 42, model_uuid: 'x', creation_date: '2026-01-01',
    'Loss Event Frequency': { low: 1, mode: 2, high: 5 }, 'Loss Magnitude': { mean: 5000, stdev: 1000 } };
  await page.getByTestId('import-paste').fill(JSON.stringify(pyfair));
  await page.getByTestId('import-read-paste').click();
  await page.getByTestId('import-foreign').filter({ hasText: 'pyfair model' }).waitFor();
  assert.match(await page.getByTestId('import-preview').textContent(), /1 risk/);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(foreignRequests(record), []);
});

test('a share link carries the register to a fresh browser, through the same preview', async () => {
  const { page, record } = await openPage(browser, { width: 1280, height: 720 });
  await page.goto(new URL('#/export', BASE_URL).href);
  await page.getByTestId('make-share-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.ok(url.startsWith(new URL('#/share/', BASE_URL).href), url.slice(0, 80));
  const length = Number((await page.getByTestId('share-length').textContent()).replace(/[^\d]/g, ''));
  assert.equal(length, url.length);
  // The demo is far over what chat tools take: it says so.
  assert.ok(length > 2000);
  await page.getByTestId('share-long').waitFor();

  // A fresh profile: its own storage, nothing in it.
  const other = await openPage(browser, { width: 1280, height: 720 });
  await other.page.goto(url);
  const preview = other.page.getByTestId('import-preview');
  await preview.waitFor();
  await other.page.getByTestId('import-from-link').waitFor();
  assert.match(await preview.textContent(), new RegExp(`${DEMO.risks.length} risks, ${DEMO.assets.length} assets, ${DEMO.controls.length} controls, ${DEMO.treatments.length} treatments`));
  // The address no longer carries the link: a reload does not open it again.
  assert.equal(new URL(other.page.url()).hash, '#/registers');
  const before = await storage(other.page);
  await other.page.getByTestId('import-as-new').click();
  await other.page.getByTestId('import-message').filter({ hasText: 'Imported.' }).waitFor();
  await other.page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  assert.notEqual(await storage(other.page), before);
  const risks = await other.page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('residual.register.')).map(([, v]) => JSON.parse(v).risks.length));
  assert.deepEqual(risks, [DEMO.risks.length], 'the register arrived whole');

  // A damaged link is refused by name, and nothing changes.
  const third = await openPage(browser, { width: 1280, height: 720 });
  await third.page.goto(new URL('#/share/AAAA%%%', BASE_URL).href);
  await third.page.getByTestId('import-problems').filter({ hasText: /share link.*cannot be read/ }).waitFor();
  // A link that would unpack past the import limit is refused without unpacking it all.
  const bomb = await third.page.evaluate(async () => {
    const zeros = new Uint8Array(25 * 1024 * 1024);
    const stream = new Blob([zeros]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  });
  await third.page.goto(new URL(`#/share/${bomb}`, BASE_URL).href);
  await third.page.getByTestId('import-problems').filter({ hasText: /unpacks to more than/ }).waitFor();
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(other.record.consoleErrors, []);
  for (const r of [record, other.record, third.record]) assert.deepEqual(foreignRequests(r), []);
});
