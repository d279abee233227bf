// `npm run alerts`: evaluates the rules file (--alerts FILE or USAGE_ALERTS) over the store and sends what fired
// (--check), prints what would be sent (--dry-run), or sends a test message (--test CHANNEL). See docs/alerts.md.
// Exit codes: 0 done (everything due was delivered), 1 error (bad rules file or options, store), 3 alerts left
// undelivered (recorded in the store; retried on the next run).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import {
  channelSecrets,
  evaluateRules,
  parseAlertsFile,
  readSnapshot,
  readSpendLimits,
  recordAndDeliver,
  sendTestMessage,
  type AlertsConfig,
  type DeliveryPolicy,
} from '../lib/alerts/index';
import { loadOrganizations, maskSecrets } from '../lib/api/index';
import { connect } from '../lib/demo/index';
import { parseTime, openStore, resolveStoreLocation } from '../lib/store/index';

/** Exit code when alerts stay undelivered (distinct from errors, 1). */
export const EXIT_UNDELIVERED = 3;

interface CliOptions {
  alerts?: string;
  store?: string;
  check?: boolean;
  dryRun?: boolean;
  test?: string;
  now?: string;
  attempts?: string;
}

function loadConfig(file: string | undefined): AlertsConfig {
  const chosen = file ?? process.env['USAGE_ALERTS'];
  if (chosen === undefined || chosen.trim() === '')
    throw new Error('no rules file: pass --alerts FILE or set USAGE_ALERTS (see docs/alerts.md)');
  let text: string;
  try {
    text = readFileSync(chosen, 'utf8');
  } catch (e) {
    throw new Error(`invalid --alerts: ${chosen} (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  return parseAlertsFile(text, process.env);
}

async function run(o: CliOptions): Promise<number> {
  const config = loadConfig(o.alerts);
  const secrets = channelSecrets(config);
  const say = (line: string): void => console.log(maskSecrets(line, secrets));
  const warn = (line: string): void => console.error(maskSecrets(line, secrets));
  const policy: Partial<DeliveryPolicy> = {};
  if (o.attempts !== undefined) {
    const n = Number(o.attempts);
    if (!Number.isInteger(n) || n < 1 || n > 10) throw new Error(`invalid --attempts: ${o.attempts} (1 to 10)`);
    policy.attempts = n;
  }
  const now = o.now === undefined ? Math.floor(Date.now() / 1000) : parseTime('--now', o.now, 0);
  if (o.test !== undefined) {
    await sendTestMessage(config, o.test, { policy, now: () => now });
    say(`test message sent to ${o.test}`);
    return 0;
  }
  if (o.check !== true && o.dryRun !== true)
    throw new Error('nothing to do: pass --check, --dry-run or --test CHANNEL');
  // The store `npm run sync` fills by default: the demo's without any key (OPENAI_ADMIN_KEY or _<NAME>, env or .env).
  const fallback = loadOrganizations().length === 0 ? path.join('data', 'demo.duckdb') : undefined;
  const store = await openStore(resolveStoreLocation(o.store, process.env, fallback));
  try {
    let snapshot = await readSnapshot(store, { now });
    if (config.rules.some((r) => r.type === 'budget' && r.amount === null)) {
      // Budgets without an amount come from the spend limits, read from the API (the emulator in demo mode).
      const connection = await connect({ log: warn });
      try {
        const projects = [...new Set(snapshot.costs.map((c) => c.projectId).filter((p): p is string => p !== null))];
        snapshot = { ...snapshot, limits: await readSpendLimits(connection.client, projects, warn) };
      } finally {
        await connection.close();
      }
    }
    const { events, notices } = evaluateRules(config.rules, snapshot);
    for (const n of notices) warn(`alerts: ${n}`);
    if (o.dryRun === true) {
      const recorded = new Set(
        (await store.alertDeliveries()).map((d) =>
          JSON.stringify([d.organization, d.rule, d.scope, d.period, d.state]),
        ),
      );
      const fresh = events.filter(
        (e) => !recorded.has(JSON.stringify([e.organization, e.rule, e.scope, e.period, e.state])),
      );
      const waiting = await store.undeliveredAlerts();
      for (const e of fresh) {
        const to = config.rules.find((r) => r.name === e.rule)?.notify.join(', ') ?? '';
        say(`would send [${e.rule} · ${e.scope} · ${e.period} · ${e.state}] to ${to}: ${e.summary}`);
      }
      for (const d of waiting) say(`would retry [${d.rule} · ${d.scope} · ${d.period} · ${d.state}] to ${d.channel}`);
      if (fresh.length === 0 && waiting.length === 0) say('nothing to send');
      return 0;
    }
    await store.lock({ waitMs: 600_000 });
    try {
      const report = await recordAndDeliver(store, config, events, { policy, now: () => now, log: warn });
      for (const n of report.notices) warn(`alerts: ${n}`);
      say(
        `alerts: ${report.recorded.length} new events, ${report.delivered.length} deliveries sent, ${report.failed.length} undelivered`,
      );
      for (const f of report.failed)
        warn(`undelivered: ${f.key.rule} · ${f.key.scope} · ${f.key.period} to ${f.channel}: ${f.error}`);
      return report.failed.length > 0 ? EXIT_UNDELIVERED : 0;
    } finally {
      await store.unlock();
    }
  } finally {
    await store.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('alerts')
    .description('Evaluate alert rules over the store and send what fired (Slack, webhook, email).')
    .option('--alerts <file>', 'the rules file, YAML (default: USAGE_ALERTS)')
    .option('--store <file|url>', 'DuckDB file or postgres://… URL (default: USAGE_STORE_URL, else data/usage.duckdb)')
    .option('--check', 'evaluate the rules now, record new events and deliver everything undelivered')
    .option('--dry-run', 'print what would be sent now, record and send nothing')
    .option('--test <channel>', 'send a test message to one channel of the rules file')
    .option('--attempts <n>', 'delivery attempts per alert and run, with backoff (default 3)')
    .option('--now <time>', 'pretend it is this time (reproducible runs and tests)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 error (bad rules file, options or store), 3 alerts left undelivered (retried next run).',
    )
    .parse([...argv]);
  return run(program.opts<CliOptions>());
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Errors never show a channel URL or secret: they name environment variables, not values.
      console.error(`alerts: ${maskSecrets(error instanceof Error ? error.message : String(error))}`);
      process.exitCode = 1;
    },
  );
}
