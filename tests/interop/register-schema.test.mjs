// Validating a Residual export the way a consuming tool would (docs/register-format.md,
// "Validating an export"): read the file's `$schema`; a URL is fetched (the app names
// the schema where its deployment serves it), and the schema's `$id`
// (urn:residual:schema:register-v1, which the command line writes) is looked up in the
// tool's own store, filled with the schema it was given once. Ajv's draft 2020-12
// validator judges; the files are the command line's exports of every shipped register,
// the demo with an empirical estimate, and mistakes it must refuse by path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const root = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'residual-schema-'));

function residual(...args) {
  return execFileSync('cargo', ['run', '--locked', '--quiet', '-p', 'residual', '--', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

// The tool's store: the schema as published with the app, found by its `$id`.
const published = JSON.parse(readFileSync(join(root, 'public/schema/register-v1.json'), 'utf8'));
const store = new Ajv2020({ strict: false, allErrors: true });
store.addSchema(published);

function validatorFor(file) {
  const named = file.$schema;
  assert.equal(typeof named, 'string', 'an export names its schema');
  const validate = store.getSchema(named);
  assert.ok(validate, `the store has no schema named ${named}`);
  return validate;
}

function exportOf(register) {
  const path = join(scratch, `${register.id ?? 'register'}.json`);
  writeFileSync(path, JSON.stringify(register));
  return JSON.parse(residual('export', '--to', 'json', path));
}

test('the published schema has a stable $id and is what the command line prints', () => {
  assert.equal(published.$id, 'urn:residual:schema:register-v1');
  assert.equal(published.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.deepEqual(JSON.parse(residual('schema')), published);
});

test('every shipped register, exported by the command line, validates against the schema its $schema names', () => {
  const shipped = readdirSync(join(root, 'public/examples')).filter((f) => f.endsWith('.json'));
  assert.ok(shipped.length >= 3);
  for (const name of shipped) {
    const file = exportOf(JSON.parse(readFileSync(join(root, 'public/examples', name), 'utf8')));
    assert.equal(file.$schema, 'urn:residual:schema:register-v1');
    const validate = validatorFor(file);
    assert.ok(validate(file), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('an empirical estimate validates; mistakes are refused at their path', () => {
  const demo = JSON.parse(readFileSync(join(root, 'public/examples/demo-register.json'), 'utf8'));
  const withValues = structuredClone(demo);
  const fair = withValues.risks.find((r) => r.fair).fair;
  fair.loss_magnitude = { type: 'empirical', values: [1200, 5400, 80000] };
  delete fair.primary_loss; delete fair.secondary_loss_event_frequency; delete fair.secondary_loss_magnitude;
  const file = exportOf(withValues);
  const validate = validatorFor(file);
  assert.ok(validate(file), JSON.stringify(validate.errors?.slice(0, 3)));
  const cases = [
    [(f) => { f.currency = 978; }, '/currency'],
    [(f) => { f.risks[0].title = null; }, '/risks/0/title'],
    [(f) => { f.schema_version = '2'; }, '/schema_version'],
    [(f) => { f.risks[0].colour = 'red'; }, '/risks/0'],
  ];
  for (const [mistake, path] of cases) {
    const wrong = structuredClone(file);
    mistake(wrong);
    assert.equal(validate(wrong), false, path);
    assert.ok(validate.errors.some((e) => e.instancePath === path), `${path}: ${JSON.stringify(validate.errors.slice(0, 3))}`);
  }
});
