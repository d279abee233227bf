import { createHmac } from 'node:crypto';
import { visibleText } from '../frames/index';
import { escapeHtml } from '../html/index';
import type { AlertEvent, ListItem } from './evaluate';

/**
 * Slack's limits (Block Kit reference): 50 blocks per message, 3000 characters of text per section, 40,000
 * characters of `text`. Lists are kept well below (a message whose blocks total ~13k characters has been refused
 * with msg_blocks_too_long, slackapi/bolt-js#2509).
 */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, text: 40_000, listItems: 15 } as const;

/**
 * Slack's three control characters, escaped as its docs require (in every name and text we did not write); control
 * and bidi characters shown as `\uXXXX` (a U+202E in a name would reverse the rest of its line).
 */
export function slackEscape(text: string): string {
  return visibleText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters with an ellipsis (never inside an `&amp;` entity it cut). */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max - 1).replace(/&[a-z]*$/, '') + '…';
}

/** At most `max` items, the rest as "and N more". */
export function shortList(items: readonly ListItem[], max: number): { shown: ListItem[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** Lines of a list that fit `budget` characters once joined, with "and N more" for what does not. */
function fitLines(lines: readonly string[], budget: number, more: number): string {
  const out: string[] = [];
  let used = 0;
  let left = more;
  for (const [i, line] of lines.entries()) {
    const tail = `\nand ${left + lines.length - i} more`;
    if (used + line.length + 1 + tail.length > budget) {
      left += lines.length - i;
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  if (left > 0) out.push(`and ${left} more`);
  return out.join('\n');
}

const where = (e: AlertEvent): string =>
  `${e.rule} · ${e.scope} · ${e.period}${e.state === 'resolved' ? ' · resolved' : ''}${
    e.organization === 'default' ? '' : ` · ${e.organizationName ?? e.organization}`
  }`;

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** A Slack message: `text` (plain fallback, escaped) and `blocks` within Slack's limits. */
export function slackMessage(e: AlertEvent): SlackMessage {
  const { shown, more } = shortList(e.items, SLACK_LIMITS.listItems);
  const blocks: Array<Record<string, unknown>> = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`*${slackEscape(e.summary)}*`, SLACK_LIMITS.sectionText) },
    },
  ];
  if (e.details.length > 0)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: cut(slackEscape(e.details.join('\n')), SLACK_LIMITS.sectionText) },
    });
  if (shown.length > 0) {
    // One line per item: a line break inside a name would pass for another item.
    const oneLine = (t: string): string => slackEscape(t.replace(/[\r\n]+/g, ' '));
    const lines = shown.map((i) => `• ${oneLine(i.label)}: ${oneLine(i.value)}`);
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: fitLines(lines, SLACK_LIMITS.sectionText, more) },
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(slackEscape(where(e)), 2000) }] });
  const plainList = shown.map((i) => `- ${i.label}: ${i.value}`).concat(more > 0 ? [`and ${more} more`] : []);
  const text = cut(slackEscape([e.summary, ...e.details, ...plainList].join('\n')), SLACK_LIMITS.text);
  return { text, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** An event's rule, key and summary line in snake_case, as webhooks and the replay's rows carry them. */
export interface EventColumns {
  rule: string;
  rule_type: AlertEvent['ruleType'];
  scope: string;
  period: string;
  state: AlertEvent['state'];
  summary: string;
}

/** {@link EventColumns} of an event, in that order. */
export function eventColumns(e: AlertEvent): EventColumns {
  return { rule: e.rule, rule_type: e.ruleType, scope: e.scope, period: e.period, state: e.state, summary: e.summary };
}

/** The JSON a webhook receives: the event's key, what it says and its figures (never a URL or secret). */
export function webhookBody(e: AlertEvent): string {
  return JSON.stringify({
    organization: e.organization,
    organization_name: e.organizationName ?? e.organization,
    ...eventColumns(e),
    details: e.details,
    items: e.items,
    figures: e.figures,
  });
}

/**
 * `X-Usage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`: receivers recompute it over
 * the raw body and refuse old timestamps (replays).
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const t = Math.floor(unixSeconds);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** An email: the summary as subject, plain text and HTML (every name escaped). */
export function emailMessage(alert: AlertEvent): EmailMessage {
  // Control and bidi characters of names shown as \uXXXX, in the text as in the HTML.
  const e: AlertEvent = {
    ...alert,
    summary: visibleText(alert.summary),
    details: alert.details.map(visibleText),
    items: alert.items.map((i) => ({
      label: visibleText(i.label),
      value: visibleText(i.value),
      ...(i.id === undefined ? {} : { id: visibleText(i.id) }),
    })),
  };
  const { shown, more } = shortList(e.items, 25);
  const list = shown.map((i) => `- ${i.label}: ${i.value}`).concat(more > 0 ? [`and ${more} more`] : []);
  const text = [e.summary, '', ...e.details, ...(list.length > 0 ? ['', ...list] : []), '', where(e)].join('\n');
  const rows = shown
    // <bdi>: a name with a bidi override (U+202E) cannot reverse the rest of its row; its ID shows on hover.
    .map(
      (i) =>
        `<tr><td><bdi${i.id === undefined ? '' : ` title="${escapeHtml(i.id)}"`}>${escapeHtml(i.label)}</bdi></td><td style="text-align:right">${escapeHtml(i.value)}</td></tr>`,
    )
    .join('');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    `<h2 style="font-size:16px">${escapeHtml(e.summary)}</h2>` +
    e.details.map((d) => `<p>${escapeHtml(d)}</p>`).join('') +
    (rows === '' ? '' : `<table cellpadding="4">${rows}</table>`) +
    (more > 0 ? `<p>and ${more} more</p>` : '') +
    `<p style="color:#666;font-size:12px">${escapeHtml(where(e))}</p></body></html>`;
  // Header values: no line breaks, bounded.
  const subject = cut(e.summary.replace(/[\r\n]+/g, ' '), 200);
  return { subject, text, html };
}
