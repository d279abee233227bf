/**
 * Our pipeline in a child process, through the public library as the notebooks use it: fetchAll per query
 * (one after another, like notebook cells), typed tables and the charts' aggregations, figures, writeExports.
 * Usage: node --import tsx bench/ours-child.ts '<PipelineJob JSON>' (key in OPENAI_ADMIN_KEY).
 * Prints one JSON PipelineResult line.
 */
import { performance } from 'node:perf_hooks';
import {
  bucketStarts,
  costByLineItem,
  costByLineItemChart,
  costPerDay,
  costPerDayChart,
  costTable,
  otherProjectsPie,
  requestsByModelProject,
  requestsByModelProjectChart,
  requestsByProject,
  requestsByProjectPie,
  tokenUsageChart,
  tokensPerBucket,
  usageTable,
  writeExports,
  type EndpointName,
} from '../lib/index';
import { UsageClient, type UsageQuery } from '../lib/api/index';
import type { Figure } from '../lib/charts/index';
import { parseJob } from './parse-job';
import { KEY_ENV, type PipelineResult } from './pipeline-job';

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] ?? 0;
  return total;
}

async function main(): Promise<void> {
  const job = parseJob(process.argv[2] ?? '');
  const apiKey = process.env[KEY_ENV] ?? '';
  // Same start as the baseline (int(now) - days*86400); end pinned to the shared "now". The limits are the
  // baseline's, as the notebooks pass them (fetchAll's concurrent windows use the width's maximum anyway).
  const client = new UsageClient({
    apiKey,
    baseURL: job.baseURL,
    concurrency: job.concurrency,
    now: () => job.now * 1000,
  });
  let requests = 0;
  const fetch = async <E extends EndpointName>(endpoint: E, query: UsageQuery) =>
    client.fetchAll(endpoint, query, {
      onProgress: (p) => {
        if (p.done) requests += p.pages;
      },
    });
  const start_time = job.now - job.days * 86_400;
  const usageQuery: UsageQuery = { start_time, bucket_width: job.bucketWidth, limit: job.limit };
  const costQuery: UsageQuery = { start_time, bucket_width: '1d', limit: 30 };

  let t0 = performance.now();
  const usageBuckets = await fetch('completions', usageQuery);
  const groupedBuckets = await fetch('completions', { ...usageQuery, group_by: job.groupBy });
  const costBuckets = await fetch('costs', costQuery);
  const lineItemBuckets = await fetch('costs', { ...costQuery, group_by: ['line_item'] });
  const fetch_s = (performance.now() - t0) / 1000;
  client.close();

  t0 = performance.now();
  const usage = usageTable('completions', usageBuckets);
  const grouped = usageTable('completions', groupedBuckets);
  const costs = costTable(costBuckets);
  const lineItems = costTable(lineItemBuckets);
  const tokens = tokensPerBucket(usage, bucketStarts(usageBuckets));
  const byModelProject = requestsByModelProject(grouped);
  const byProject = requestsByProject(grouped);
  const daily = costPerDay(costs, bucketStarts(costBuckets));
  const byLineItem = costByLineItem(lineItems, bucketStarts(lineItemBuckets));
  const frames_s = (performance.now() - t0) / 1000;

  const seconds: PipelineResult['seconds'] = { fetch_s, frames_s };
  if (job.charts) {
    t0 = performance.now();
    const other = otherProjectsPie(byProject);
    const figures: Figure[] = [
      tokenUsageChart(tokens, { bucketWidth: job.bucketWidth }),
      requestsByModelProjectChart(byModelProject),
      requestsByProjectPie(byProject),
      ...(other === null ? [] : [other]),
      costPerDayChart(daily),
      costByLineItemChart(byLineItem),
    ];
    seconds.charts_s = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await writeExports(job.outDir, { figures, report: { title: 'Usage and costs' }, plotly: 'sibling' });
    seconds.export_s = (performance.now() - t0) / 1000;
  }

  const result: PipelineResult = {
    seconds,
    requests,
    rows: { usage: usage.length, grouped: grouped.length, costs: costs.length, costs_by_line_item: lineItems.length },
    totals: {
      input_tokens: sum(usage.metrics['input_tokens'] ?? []),
      output_tokens: sum(usage.metrics['output_tokens'] ?? []),
      num_model_requests: sum(usage.metrics['num_model_requests'] ?? []),
      grouped_num_model_requests: sum(grouped.metrics['num_model_requests'] ?? []),
      cost_usd: sum(costs.amount),
      cost_by_line_item_usd: sum(lineItems.amount),
    },
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
});
