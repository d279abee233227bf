/**
 * Notebook 05's replay ("what would have fired") over a range, timed apart from the kernel: each demo organization's
 * costs fetched as the notebook's data cell fetches them (untimed), then `replayAlerts` with the example rules, one
 * line per organization. `--json FILE` writes every replay (days, events, notices) to compare two versions.
 * `node --import tsx bench/replay-profile.ts [--days 365] [--now 2026-12-06T20:00:00Z] [--json out.json]`
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { costDaysFromBuckets, loadAlertRules, replayAlerts } from '../lib/alerts/index';
import { connectOrganizations } from '../lib/demo/index';
import { insightsParams } from '../lib/notebook/index';

interface Options {
  days: string;
  now?: string;
  json?: string;
}

async function main(): Promise<void> {
  const o = new Command('replay-profile')
    .option('--days <n>', 'days_ago', '365')
    .option('--now <iso>', 'pretend it is this time (default: now)')
    .option('--json <file>', 'write the replays (days, events, notices) to this file')
    .parse()
    .opts<Options>();
  const nowMs = o.now === undefined ? Date.now() : Date.parse(o.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`invalid --now: ${o.now ?? ''}`);
  const now = Math.floor(nowMs / 1000);
  const rules = loadAlertRules(path.join(__dirname, '..', 'config', 'alerts.example.yaml'), {});
  const p = insightsParams({ days_ago: Number(o.days) }, { now, fixedNow: true });
  const orgs = await connectOrganizations({ env: {}, log: () => undefined, now: () => now });
  const out: Record<string, unknown> = {};
  try {
    console.log(`${o.days} days to ${new Date(now * 1000).toISOString()}, ${rules.length} rules (alerts.example.yaml)`);
    let total = 0;
    for (const org of orgs.organizations) {
      const buckets = [];
      for (const q of p.costQueries) buckets.push(...(await org.client.fetchAll('costs', q)));
      const costs = costDaysFromBuckets(buckets);
      const t0 = performance.now();
      const replay = replayAlerts(rules, costs, { organization: org.name });
      const ms = performance.now() - t0;
      total += ms;
      console.log(
        `  ${org.name.padEnd(8)} ${String(costs.length).padStart(7)} cost rows, ${replay.days.length} days, ` +
          `${String(replay.events.length).padStart(4)} events: replayAlerts ${ms.toFixed(0).padStart(7)} ms`,
      );
      out[org.name] = replay;
    }
    console.log(`  total replayAlerts ${total.toFixed(0).padStart(7)} ms`);
  } finally {
    await orgs.close();
  }
  if (o.json !== undefined) writeFileSync(o.json, JSON.stringify(out));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
