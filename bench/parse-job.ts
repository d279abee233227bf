import type { BucketWidth } from '../lib/catalogue/index';
import type { PipelineJob } from './pipeline-job';
import { field, isRecord, numberField, stringField } from './json-fields';

const WIDTHS: readonly BucketWidth[] = ['1m', '1h', '1d'];

function isWidth(value: unknown): value is BucketWidth {
  return typeof value === 'string' && (WIDTHS as readonly string[]).includes(value);
}

/** Parses the child's job argument; fails early naming the bad field. */
export function parseJob(text: string): PipelineJob {
  const raw: unknown = JSON.parse(text);
  if (!isRecord(raw)) throw new Error(`invalid job: ${text.slice(0, 80)}`);
  const width = field(raw, 'bucketWidth');
  if (!isWidth(width)) throw new Error(`invalid bucketWidth: ${String(width)}`);
  const groupBy = field(raw, 'groupBy');
  if (!Array.isArray(groupBy) || !groupBy.every((g): g is string => typeof g === 'string')) {
    throw new Error(`invalid groupBy: ${JSON.stringify(groupBy)}`);
  }
  const charts = field(raw, 'charts');
  if (typeof charts !== 'boolean') throw new Error(`invalid charts: ${String(charts)}`);
  return {
    baseURL: stringField(raw, 'baseURL'),
    now: numberField(raw, 'now'),
    days: numberField(raw, 'days'),
    bucketWidth: width,
    limit: numberField(raw, 'limit'),
    groupBy,
    charts,
    outDir: stringField(raw, 'outDir'),
    concurrency: numberField(raw, 'concurrency'),
  };
}
