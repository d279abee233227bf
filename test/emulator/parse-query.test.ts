import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { EmulatorHttpError } from '../../lib/emulator/http-error';
import { parseQuery } from '../../lib/emulator/parse-query';

const COSTS = ENDPOINTS.costs;
const COMPLETIONS = ENDPOINTS.completions;
const CUTOFF = 1_764_979_200;
const LATER = CUTOFF + 86_400;

/** A 400 whose body names `param` (null: no param) and whose message matches. */
function bad400(param: string | null, message: RegExp, code: string | null = null) {
  return (e: unknown): boolean => {
    if (!(e instanceof EmulatorHttpError) || e.status !== 400 || typeof e.body.error === 'string') return false;
    const err = e.body.error;
    assert.equal(err.param, param);
    assert.equal(err.type, 'invalid_request_error');
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  };
}

test('defaults: day buckets, the width’s default limit, no groups or filters; start floored to the minute', () => {
  const q = parseQuery(COMPLETIONS, 'start_time=1739208663');
  assert.equal(q.start, 1739208660);
  assert.equal(q.end, undefined);
  assert.equal(q.width, '1d');
  assert.equal(q.limit, 7);
  assert.deepEqual(q.groupBy, []);
  assert.equal(q.filters.size, 0);
  assert.equal(q.page, undefined);
  assert.equal(parseQuery(COMPLETIONS, 'start_time=0&bucket_width=1h').limit, 24);
  assert.equal(parseQuery(COMPLETIONS, 'start_time=0&bucket_width=1m').limit, 60);
  assert.equal(parseQuery(COSTS, `start_time=${LATER}&limit=180`).limit, 180);
});

test('group_by in the endpoint’s order, whatever the order or spelling sent; duplicates once', () => {
  const spellings = [
    'group_by[]=model&group_by[]=project_id',
    'group_by=model,project_id',
    'group_by=model&group_by=project_id&group_by=model',
    'group_by[]=project_id&group_by= model ',
  ];
  for (const s of spellings)
    assert.deepEqual(parseQuery(COMPLETIONS, `start_time=0&${s}`).groupBy, ['project_id', 'model'], s);
  const canon = spellings.map((s) => parseQuery(COMPLETIONS, `start_time=0&${s}`).canonical);
  assert.equal(new Set(canon).size, 1, 'the cursor binding does not depend on the spelling');
});

test('filters: array values per dimension, booleans as booleans, enumerated values checked', () => {
  const q = parseQuery(COMPLETIONS, 'start_time=0&project_ids[]=p1&project_ids[]=p2&models=a,b&batch=true');
  assert.deepEqual(q.filters.get('project_id'), new Set(['p1', 'p2']));
  assert.deepEqual(q.filters.get('model'), new Set(['a', 'b']));
  assert.deepEqual(q.filters.get('batch'), new Set([true]));
  assert.deepEqual(parseQuery(COMPLETIONS, 'start_time=0&batch=false').filters.get('batch'), new Set([false]));
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=0&batch=yes'),
    bad400('batch', /^Invalid value for 'batch': expected true or false, got "yes"\.$/),
  );
  assert.throws(
    () => parseQuery(ENDPOINTS.images, 'start_time=0&sizes[]=640x480'),
    bad400('sizes', /^Invalid value for 'sizes': "640x480"\. Supported values are: 256x256, 512x512/),
  );
});

test('line items hold commas: each sent value is one whole value, never split', () => {
  const q = parseQuery(COSTS, `start_time=${LATER}&line_items[]=gpt-4o, input&line_items=gpt-4o, output`);
  assert.deepEqual(q.filters.get('line_item'), new Set(['gpt-4o, input', 'gpt-4o, output']));
  // Other array filters split the plain form at commas.
  assert.deepEqual(
    parseQuery(COSTS, `start_time=${LATER}&project_ids=a,b`).filters.get('project_id'),
    new Set(['a', 'b']),
  );
  // The bracketed form keeps a comma in an ID.
  assert.deepEqual(
    parseQuery(COSTS, `start_time=${LATER}&project_ids[]=a,b`).filters.get('project_id'),
    new Set(['a,b']),
  );
});

test('an empty item is refused naming the parameter', () => {
  for (const s of ['models=a,,b', 'models=', 'models[]=', 'project_ids=a,'])
    assert.throws(
      () => parseQuery(COMPLETIONS, `start_time=0&${s}`),
      bad400(s.replace(/[[=].*$/, ''), /empty item/),
      s,
    );
});

test('start_time: required (400 without param), an integer, >= 0, before end_time', () => {
  assert.throws(
    () => parseQuery(COMPLETIONS, ''),
    bad400(null, /^Missing required parameter: 'start_time'\.$/, 'invalid_request_error'),
  );
  for (const v of ['abc', '1.5', '1e3', '', '0x10', '9999999999999999'])
    assert.throws(
      () => parseQuery(COMPLETIONS, `start_time=${v}`),
      bad400('start_time', /^Invalid type for 'start_time'\.$/, 'invalid_type'),
      v,
    );
  assert.throws(() => parseQuery(COMPLETIONS, 'start_time=-60'), bad400('start_time', /must be >= 0, got -60/));
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=100&end_time=100'),
    bad400('start_time', /must be before 'end_time' \(got start_time=100, end_time=100\)/),
  );
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=0&end_time=x'),
    bad400('end_time', /Invalid type/, 'invalid_type'),
  );
  assert.equal(parseQuery(COMPLETIONS, 'start_time= 5 &end_time=90').end, 90);
});

test('bucket_width and limit: the endpoint’s widths, a limit over the max is refused (not clamped), under 1 too', () => {
  assert.throws(
    () => parseQuery(COSTS, `start_time=${LATER}&bucket_width=1h`),
    bad400('bucket_width', /^Invalid value for 'bucket_width': "1h"\. Supported values are: '1d'\.$/),
  );
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=0&bucket_width=1h&limit=169'),
    bad400(null, /^Invalid limit provided: 169\. Limit must be less than or equal to 168\.$/, 'invalid_request_error'),
  );
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=0&limit=0'),
    bad400('limit', /^Invalid value for 'limit': 0\. With bucket_width=1d it must be between 1 and 31\.$/),
  );
  assert.equal(parseQuery(COMPLETIONS, 'start_time=0&bucket_width=1m&limit=1440').limit, 1440);
});

test('unknown or repeated scalar parameters are refused, listing what is allowed', () => {
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=0&colour=red'),
    bad400('colour', /^Unrecognized request argument supplied: colour\. Allowed: start_time, end_time, bucket_width/),
  );
  // A filter of another endpoint.
  assert.throws(() => parseQuery(COSTS, `start_time=${LATER}&models=a`), bad400('models', /Unrecognized/));
  // Brackets on a scalar.
  assert.throws(() => parseQuery(COMPLETIONS, 'start_time[]=0'), bad400('start_time[]', /Unrecognized/));
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=0&limit=2&limit=3'),
    bad400('limit', /^Invalid value for 'limit': given more than once\.$/),
  );
  assert.throws(
    () => parseQuery(COMPLETIONS, 'start_time=0&group_by=colour'),
    bad400('group_by', /^Invalid value for 'group_by': "colour"\. Supported values are: project_id, user_id/),
  );
});

test('costs grouping before the cutoff: api_key_id, and user_id with project_id or line_item, are 400s on start_time', () => {
  const before = CUTOFF - 86_400;
  assert.throws(
    () => parseQuery(COSTS, `start_time=${before}&group_by=api_key_id`),
    bad400(
      'start_time',
      new RegExp(
        `^group_by=api_key_id is not available for this time range\\. Try a start_time on or after ${CUTOFF}\\.$`,
      ),
      'invalid_request_error',
    ),
  );
  assert.throws(
    () => parseQuery(COSTS, `start_time=${before}&group_by=project_id,user_id`),
    bad400('start_time', /^group_by=user_id,project_id is not available/, 'invalid_request_error'),
  );
  assert.throws(
    () => parseQuery(COSTS, `start_time=${before}&group_by=line_item,user_id`),
    bad400('start_time', /^group_by=user_id,line_item/, 'invalid_request_error'),
  );
  // Alone, user_id works; after the cutoff everything does; the rule can be moved.
  assert.deepEqual(parseQuery(COSTS, `start_time=${before}&group_by=user_id`).groupBy, ['user_id']);
  assert.equal(parseQuery(COSTS, `start_time=${CUTOFF}&group_by=api_key_id,user_id,project_id`).groupBy.length, 3);
  assert.deepEqual(parseQuery(COSTS, 'start_time=0&group_by=api_key_id', { groupingSince: 0 }).groupBy, ['api_key_id']);
  // Usage endpoints have no such rule.
  assert.deepEqual(parseQuery(COMPLETIONS, 'start_time=0&group_by=api_key_id').groupBy, ['api_key_id']);
});

test('the page cursor is kept apart from the canonical query; every other parameter changes it', () => {
  const base = parseQuery(COMPLETIONS, 'start_time=60&limit=3');
  const paged = parseQuery(COMPLETIONS, 'start_time=60&limit=3&page=page_abc');
  assert.equal(paged.page, 'page_abc');
  assert.equal(paged.canonical, base.canonical);
  const variants = [
    'start_time=61&limit=3',
    'start_time=60&limit=4',
    'start_time=60',
    'start_time=60&limit=3&end_time=999',
    'start_time=60&limit=3&bucket_width=1d',
    'start_time=60&limit=3&models=a',
    'start_time=60&limit=3&group_by=model',
  ];
  for (const v of variants) assert.notEqual(parseQuery(COMPLETIONS, v).canonical, base.canonical, v);
});

test('property: any in-range start, end, width and limit parse to what was sent', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2_000_000_000 }),
      fc.integer({ min: 1, max: 10_000_000 }),
      fc.constantFrom('1m' as const, '1h' as const, '1d' as const),
      fc.nat(),
      (start, length, width, seed) => {
        const max = COMPLETIONS.limits[width]?.max ?? 1;
        const limit = 1 + (seed % max);
        const q = parseQuery(
          COMPLETIONS,
          `start_time=${start}&end_time=${start + length}&bucket_width=${width}&limit=${limit}`,
        );
        assert.deepEqual([q.start, q.end, q.width, q.limit], [start - (start % 60), start + length, width, limit]);
      },
    ),
  );
});

test('property: hostile query strings either parse or are a 400 naming a parameter, never another error', () => {
  const keys = [
    'start_time',
    'end_time',
    'limit',
    'group_by',
    'group_by[]',
    'models',
    'batch',
    'page',
    'x',
    'bucket_width',
  ];
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), fc.string()), { maxLength: 6 }), (pairs) => {
      const search = new URLSearchParams(pairs).toString();
      try {
        parseQuery(COMPLETIONS, search);
      } catch (e) {
        assert.ok(e instanceof EmulatorHttpError && e.status === 400, String(e));
      }
    }),
  );
});
