import { createTransport } from 'nodemailer';
import { maskSecrets } from '../api/index';
import type { AlertDelivery, AlertEventKey, UsageStore } from '../store/index';
import type { AlertEvent } from './evaluate';
import { emailMessage, signatureHeader, slackMessage, webhookBody } from './messages';
import { channelSecrets, type AlertChannel, type AlertsConfig } from './rules-file';

/** How often and how patiently one delivery is tried within a run (what still fails is retried next run). */
export interface DeliveryPolicy {
  /** Attempts per delivery and run. @default 3 */
  attempts: number;
  /** First backoff; doubled each retry. @unit milliseconds @default 1000 */
  initialDelayMs: number;
  /** Backoff cap. @unit milliseconds @default 8000 */
  maxDelayMs: number;
  /** One attempt's time limit. @unit milliseconds @default 10000 */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: Readonly<DeliveryPolicy> = Object.freeze({
  attempts: 3,
  initialDelayMs: 1000,
  maxDelayMs: 8000,
  timeoutMs: 10_000,
});

/** A channel refused or could not take a message; the message is masked (no URL, secret or admin key). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

/** The event stored with a delivery, back as an AlertEvent. */
function eventOf(d: Pick<AlertDelivery, 'payload'>): AlertEvent {
  return JSON.parse(d.payload) as AlertEvent;
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`);
}

/** Sends one event to one channel, once (no retry here). */
export async function sendToChannel(
  channel: AlertChannel,
  event: AlertEvent,
  options: { timeoutMs: number; now: () => number },
): Promise<void> {
  switch (channel.type) {
    case 'slack':
      return post(channel.url, JSON.stringify(slackMessage(event)), {}, options.timeoutMs);
    case 'webhook': {
      const body = webhookBody(event);
      const signature = signatureHeader(channel.secret, body, options.now());
      return post(channel.url, body, { 'x-usage-signature': signature }, options.timeoutMs);
    }
    case 'email': {
      const mail = emailMessage(event);
      const transport = createTransport({
        host: channel.host,
        port: channel.port,
        secure: channel.secure,
        ...(channel.user === null || channel.password === null
          ? {}
          : { auth: { user: channel.user, pass: channel.password } }),
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
      });
      try {
        await transport.sendMail({ from: channel.from, to: channel.to, ...mail });
      } finally {
        transport.close();
      }
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One masked line for any failure: its message and cause, without URL, secret or admin key. */
export function failureText(e: unknown, secrets: readonly string[]): string {
  const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
  const text = e instanceof Error ? `${e.message}${cause}` : String(e);
  return maskSecrets(text, secrets).slice(0, 500);
}

/** What one delivery run did. */
export interface DeliveryReport {
  /** Events recorded for the first time in this run. */
  recorded: AlertEventKey[];
  delivered: Array<{ key: AlertEventKey; channel: string }>;
  /** Still undelivered after this run (retried next run). */
  failed: Array<{ key: AlertEventKey; channel: string; error: string }>;
  notices: string[];
}

export interface DeliverOptions {
  policy?: Partial<DeliveryPolicy>;
  /** @unit Unix seconds */
  now?: () => number;
  log?: (line: string) => void;
}

const keyOf = (d: AlertEventKey): AlertEventKey => ({
  organization: d.organization,
  rule: d.rule,
  scope: d.scope,
  period: d.period,
  state: d.state,
});

/**
 * Records the events not recorded before (once per key, with a pending delivery per channel of its rule), then
 * tries every undelivered delivery (this run's and earlier runs'), with backoff; the state of each is stored, so a
 * channel that was down gets each event exactly once when it is back. Never throws for a channel's failure.
 */
export async function recordAndDeliver(
  store: UsageStore,
  config: AlertsConfig,
  events: readonly AlertEvent[],
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
  const now = options.now ?? ((): number => Date.now() / 1000);
  const log = options.log ?? ((): void => undefined);
  const secrets = channelSecrets(config);
  const notify = new Map(config.rules.map((r) => [r.name, r.notify]));
  const recorded = await store.recordAlertEvents(
    events.map((e) => ({
      ...keyOf(e),
      ruleType: e.ruleType,
      payload: JSON.stringify(e),
      channels: notify.get(e.rule) ?? [],
    })),
    Math.floor(now()),
  );
  const report: DeliveryReport = { recorded, delivered: [], failed: [], notices: [] };
  // A channel that failed every attempt is down for this run: its other deliveries wait for the next run instead
  // of each spending the whole backoff (the run stays short; nothing is lost, they stay undelivered).
  const down = new Map<string, string>();
  for (const d of await store.undeliveredAlerts()) {
    const key = keyOf(d);
    const channel = config.channels.get(d.channel);
    const downError = down.get(d.channel);
    if (downError !== undefined) {
      report.failed.push({ key, channel: d.channel, error: `not tried: ${downError}` });
      continue;
    }
    if (channel === undefined) {
      report.notices.push(
        `channel ${d.channel} is no longer in the rules file: ${d.rule} ${d.scope} ${d.period} waits`,
      );
      report.failed.push({ key, channel: d.channel, error: 'channel not defined' });
      continue;
    }
    let attempts = d.attempts;
    let error = '';
    let sent = false;
    for (let i = 0; i < policy.attempts && !sent; i++) {
      if (i > 0) await sleep(Math.min(policy.initialDelayMs * 2 ** (i - 1), policy.maxDelayMs));
      attempts += 1;
      try {
        await sendToChannel(channel, eventOf(d), { timeoutMs: policy.timeoutMs, now });
        sent = true;
      } catch (e) {
        error = failureText(e, secrets);
        log(`alert ${d.rule} ${d.scope} ${d.period} to ${d.channel}: attempt ${attempts} failed: ${error}`);
      }
    }
    await store.updateAlertDelivery(key, d.channel, {
      status: sent ? 'delivered' : 'failed',
      attempts,
      lastError: sent ? null : error,
      updatedAt: Math.floor(now()),
    });
    if (sent) report.delivered.push({ key, channel: d.channel });
    else {
      report.failed.push({ key, channel: d.channel, error });
      down.set(d.channel, `channel ${d.channel} failed earlier in this run (${error})`);
    }
  }
  return report;
}

/** A test message to one channel (`npm run alerts -- --test CHANNEL`), with the same retries. */
export async function sendTestMessage(
  config: AlertsConfig,
  channelName: string,
  options: DeliverOptions = {},
): Promise<void> {
  const channel = config.channels.get(channelName);
  if (channel === undefined)
    throw new DeliveryError(
      `invalid --test: ${channelName} (no channel of that name; defined: ${[...config.channels.keys()].join(', ')})`,
    );
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
  const now = options.now ?? ((): number => Date.now() / 1000);
  const event: AlertEvent = {
    organization: 'default',
    rule: 'test',
    ruleType: 'digest',
    scope: 'organization',
    period: new Date(now() * 1000).toISOString(),
    state: 'firing',
    summary: `Test message from openai-usage-notebooks to channel ${channelName}`,
    details: ['If you can read this, alerts reach this channel.'],
    items: [],
    figures: {},
  };
  let last: unknown;
  for (let i = 0; i < policy.attempts; i++) {
    if (i > 0) await sleep(Math.min(policy.initialDelayMs * 2 ** (i - 1), policy.maxDelayMs));
    try {
      await sendToChannel(channel, event, { timeoutMs: policy.timeoutMs, now });
      return;
    } catch (e) {
      last = e;
    }
  }
  throw new DeliveryError(`test message to ${channelName} failed: ${failureText(last, channelSecrets(config))}`);
}
