import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { emailMessage, slackMessage, type AlertEvent } from '../../lib/alerts/index';
import { HOSTILE_NAME } from '../../lib/emulator/index';
import { launchChromium, type OfflineBrowser } from '../helpers/browser';

// Screenshots land in out/ (ignored by git) to be looked at: out/alerts/slack.png, out/alerts/email.png.
const OUT = path.resolve(__dirname, '..', '..', 'out', 'alerts');

const event: AlertEvent = {
  organization: 'default',
  rule: 'daily digest',
  ruleType: 'digest',
  scope: 'organization',
  period: '2026-11-21',
  state: 'firing',
  summary: 'Spend digest for 2026-11-21: $412.80 yesterday (2026-11-20 UTC), $6,021.15 in 2026-11 (forecast $8,890.00)',
  details: ['Top projects in 2026-11: 24; top models: 9.'],
  items: [
    { label: `project ${HOSTILE_NAME}`, value: '$2,100.00' },
    ...Array.from({ length: 39 }, (_, i) => ({ label: `project Team ${i + 1} & <partners>`, value: `$${100 - i}.00` })),
  ],
  figures: {},
};

/** A minimal Block Kit preview: Slack's mrkdwn text is already &/</> escaped, so it is HTML-safe as it is. */
function slackPreview(blocks: ReadonlyArray<Record<string, unknown>>): string {
  const text = (t: unknown): string =>
    typeof t === 'object' && t !== null && 'text' in t && typeof t.text === 'string' ? t.text : '';
  const mrkdwn = (s: string): string => s.replace(/\*([^*\n]+)\*/g, '<b>$1</b>').replace(/\n/g, '<br>');
  const body = blocks
    .map((b) =>
      b['type'] === 'context'
        ? `<div class="ctx">${(Array.isArray(b['elements']) ? b['elements'] : []).map((e) => mrkdwn(text(e))).join(' ')}</div>`
        : `<div class="sec">${mrkdwn(text(b['text']))}</div>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:sans-serif;width:640px;margin:20px}
.sec{margin:8px 0;line-height:1.4}.ctx{color:#666;font-size:12px}</style></head><body>${body}</body></html>`;
}

describe('alert messages rendered in Chromium', () => {
  let browser: OfflineBrowser;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
  });

  for (const [name, html] of [
    ['slack', slackPreview(slackMessage(event).blocks)],
    ['email', emailMessage(event).html],
  ] as const) {
    test(`${name}: the hostile project name shows as written, runs nothing, and the list ends with "and N more"`, async () => {
      const file = path.join(OUT, `${name}.html`);
      writeFileSync(file, html);
      const page = await browser.context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
      const text = await page.locator('body').innerText();
      assert.ok(text.includes(HOSTILE_NAME.replace('\u202E', '').slice(0, 20)), text.slice(0, 300));
      assert.equal(await page.locator('img').count(), 0, 'no element from a name');
      // The bidi override is shown, not obeyed: the amount after the name still reads left to right.
      assert.ok(text.includes('\\u202E__proto__'), 'the U+202E is visible');
      assert.deepEqual(dialogs, []);
      assert.match(text, /and \d+ more/);
      await page.close();
    });
  }
});
