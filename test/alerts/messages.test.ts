import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluateAnomaly, type AlertEvent, type CostDay } from '../../lib/alerts/evaluate';
import type { AnomalyRule } from '../../lib/alerts/rules-file';
import {
  emailMessage,
  eventColumns,
  signatureHeader,
  slackEscape,
  slackMessage,
  webhookBody,
  SLACK_LIMITS,
} from '../../lib/alerts/messages';

const HOSTILE = '<!channel> Tom & Jerry <https://evil.example|click> </b>';

const event = (o: Partial<AlertEvent> = {}): AlertEvent => ({
  organization: 'default',
  rule: 'new',
  ruleType: 'new_spender',
  scope: 'project:proj_x',
  period: 'first',
  state: 'firing',
  summary: `New spender: project ${HOSTILE} first spent on 2026-11-18`,
  details: [`Owner: ${HOSTILE}`],
  items: [],
  figures: { first_day: '2026-11-18' },
  ...o,
});

/** Every string in a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

test('Slack: a hostile project name is escaped (&, <, >) in text and every block, so it cannot mention or link', () => {
  const m = slackMessage(event());
  const all = [m.text, ...strings(m.blocks)];
  for (const s of all) {
    assert.ok(!/[<>]/.test(s), `raw < or > in ${s}`);
    assert.ok(!/&(?!amp;|lt;|gt;)/.test(s), `bare & in ${s}`);
  }
  assert.ok(m.text.includes('&lt;!channel&gt; Tom &amp; Jerry &lt;https://evil.example|click&gt;'));
  assert.equal(slackEscape('a&b<c>d'), 'a&amp;b&lt;c&gt;d');
  assert.equal(slackEscape('rtl\u202Egnp.exe'), 'rtl\\u202Egnp.exe');
});

test('Slack: long lists end with "and N more" and every limit holds', () => {
  const items = Array.from({ length: 400 }, (_, i) => ({ label: `project ${'x'.repeat(300)} ${i}`, value: '$1.00' }));
  const m = slackMessage(event({ items, summary: 'S'.repeat(5000), details: ['D'.repeat(5000)] }));
  assert.ok(m.blocks.length <= SLACK_LIMITS.blocks);
  for (const b of m.blocks) {
    const t = (b['text'] as { text?: string } | undefined)?.text;
    if (t !== undefined) assert.ok(t.length <= SLACK_LIMITS.sectionText, `section of ${t.length}`);
  }
  assert.ok(m.text.length <= SLACK_LIMITS.text);
  const list = strings(m.blocks).find((s) => s.startsWith('• '));
  const shown = (list ?? '').split('\n').filter((l) => l.startsWith('• ')).length;
  const more = /and (\d+) more$/.exec(list ?? '');
  assert.ok(more, 'the list says how many are left out');
  assert.equal(shown + Number(more[1]), 400, 'shown plus "and N more" is every item');
  assert.match(m.text, /and 385 more/);
});

test('webhook: the signature is HMAC-SHA256 over "<t>.<raw body>", verified independently; a changed body fails', () => {
  const secret = 'whsec-test-secret';
  const body = webhookBody(event());
  const header = signatureHeader(secret, body, 1_790_000_000.7);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  assert.ok(m, header);
  assert.equal(m[1], '1790000000');
  const verify = (raw: string): boolean => {
    const expected = createHmac('sha256', secret).update(`${m[1]}.${raw}`).digest();
    return timingSafeEqual(expected, Buffer.from(m[2] ?? '', 'hex'));
  };
  assert.ok(verify(body));
  assert.ok(!verify(body.replace('first', 'frist')));
  const parsed = JSON.parse(body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), [
    'organization',
    'organization_name',
    'rule',
    'rule_type',
    'scope',
    'period',
    'state',
    'summary',
    'details',
    'items',
    'figures',
  ]);
  assert.equal(parsed['state'], 'firing');
});

test('email: names are escaped in the HTML, plain in the text; the subject has no line breaks', () => {
  const m = emailMessage(
    event({ summary: `Line one\r\nBcc: x@evil.example ${HOSTILE}`, items: [{ label: HOSTILE, value: '$3.00' }] }),
  );
  assert.ok(!m.subject.includes('\n') && !m.subject.includes('\r'));
  assert.ok(m.text.includes(HOSTILE));
  assert.ok(!m.html.includes('<!channel>') && !m.html.includes('</b>'));
  assert.ok(m.html.includes('&lt;!channel&gt; Tom &amp; Jerry'));
});

/** Characters that matter to Slack and to lines: its three escapes, line breaks, a bidi override, non-ASCII. */
const CHARS = fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '\n', '\r', '\u202E', 'é', '*', '•');

test('property: any names and list lengths stay within Slack limits, escaped, and shown + "and N more" counts every item', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ label: fc.string({ unit: CHARS, maxLength: 400 }), value: fc.string({ maxLength: 40 }) }), {
        maxLength: 200,
      }),
      fc.string({ unit: CHARS, maxLength: 4000 }),
      (items, summary) => {
        const m = slackMessage(event({ items, summary, details: [summary] }));
        assert.ok(m.blocks.length <= SLACK_LIMITS.blocks);
        assert.ok(m.text.length <= SLACK_LIMITS.text);
        for (const s of strings(m.blocks)) {
          assert.ok(s.length <= SLACK_LIMITS.sectionText);
          assert.ok(!/[<>]/.test(s) && !/&(?!amp;|lt;|gt;)/.test(s), s);
        }
        if (items.length === 0) return;
        // The list is the last section, before the context block.
        const list = strings(m.blocks[m.blocks.length - 2]).find((s) => s !== 'section' && s !== 'mrkdwn');
        const lines = (list ?? '').split('\n');
        const more = /^and (\d+) more$/.exec(lines[lines.length - 1] ?? '');
        const shown = lines.filter((l) => l.startsWith('• ')).length;
        assert.equal(shown + (more === null ? 0 : Number(more[1])), items.length);
      },
    ),
    { numRuns: 200 },
  );
});

test('an anomaly incident across many projects: one Slack message naming them escaped, "and N more"; IDs in the webhook and on hover in the email', () => {
  // Twelve projects, each $4 a day on gpt-4o-mini and $1 on gpt-4o, all five times that on the spike day; one has a
  // hostile name. The $1 series are too small to judge (below 5% of the organization's $60 a day).
  const day = '2026-11-20';
  const projects = Array.from({ length: 12 }, (_, i) => ({
    id: `proj_${i}`,
    name: i === 0 ? HOSTILE : `Team ${i}`,
  }));
  const costs: CostDay[] = [];
  for (let t = Date.parse('2026-10-01T00:00:00Z'); t <= Date.parse('2026-11-21T00:00:00Z'); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    for (const p of projects)
      for (const [lineItem, usual] of [
        ['gpt-4o-mini-2024-07-18, input', 4],
        ['gpt-4o-2024-08-06, input', 1],
      ] as const)
        costs.push({
          date,
          projectId: p.id,
          projectName: p.name,
          apiKeyId: null,
          apiKeyName: null,
          lineItem,
          amount: date === day ? 5 * usual : usual,
        });
  }
  const now = Date.parse('2026-11-21T09:00:00Z') / 1000;
  const rule: AnomalyRule = {
    name: 'spikes',
    type: 'anomaly',
    notify: ['team'],
    organizations: null,
    projects: null,
    threshold: 5,
    minRatio: 2,
  };
  const events = evaluateAnomaly(rule, {
    organization: 'default',
    now,
    costs,
    lastSyncAt: now,
    costsCoveredUntil: now,
    open: [],
  });
  assert.equal(events.length, 1, 'one incident, one message');
  const [incident] = events;
  assert.ok(incident !== undefined);
  // The organization, each project, the two models, each project on gpt-4o-mini (not its project's figures).
  const members = 1 + projects.length + 2 + projects.length;
  assert.equal(incident.items.length, members);
  const slack = slackMessage(incident);
  const all = JSON.stringify(slack);
  assert.ok(!all.includes('<!channel>') && !all.includes('<https://evil'), 'the hostile name cannot mention or link');
  assert.ok(all.includes('&lt;!channel&gt; Tom &amp; Jerry'));
  assert.ok(all.includes(`and ${members - SLACK_LIMITS.listItems} more`), all);
  // Summary names at most three projects, then "and N more".
  assert.match(incident.summary, new RegExp(`and ${projects.length - 3} more`));
  const hook = JSON.parse(webhookBody(incident)) as { items: Array<{ label: string; id?: string }> };
  assert.deepEqual(
    hook.items
      .filter((i) => i.label.startsWith('project '))
      .map((i) => i.id)
      .sort(),
    projects.map((p) => p.id).sort(),
  );
  const mail = emailMessage(incident);
  assert.ok(mail.html.includes('<bdi title="proj_3">project Team 3</bdi>'), mail.html);
  assert.ok(mail.html.includes('&lt;!channel&gt;') && !mail.html.includes('<!channel>'));
});

test('eventColumns: the rule, key and summary in snake_case, in the order webhooks and replay rows carry them', () => {
  const e = event({
    rule: 'spikes',
    ruleType: 'anomaly',
    scope: 'model:gpt-x',
    period: '2026-11-20',
    state: 'resolved',
  });
  const columns = eventColumns(e);
  assert.deepEqual(Object.entries(columns), [
    ['rule', 'spikes'],
    ['rule_type', 'anomaly'],
    ['scope', 'model:gpt-x'],
    ['period', '2026-11-20'],
    ['state', 'resolved'],
    ['summary', e.summary],
  ]);
  // The webhook body carries the same columns between the organization and the details.
  const body = JSON.parse(webhookBody(e)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).slice(2, 8), Object.keys(columns));
  for (const [k, v] of Object.entries(columns)) assert.equal(body[k], v);
});
