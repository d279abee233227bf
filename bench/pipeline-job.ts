import type { BucketWidth } from '../lib/catalogue/index';

/** One pipeline run, the same for both sides: what to fetch and whether to chart and export. */
export interface PipelineJob {
  /** Emulator base URL, `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  /** Pinned "now" (Unix seconds) shared by the emulator and both sides, so ranges and totals match. */
  now: number;
  days: number;
  bucketWidth: BucketWidth;
  /** Page size the baseline sends; our fetchAll picks its own window size. */
  limit: number;
  groupBy: readonly string[];
  /** Build and export the seed's charts (false = fetch and frames only). */
  charts: boolean;
  /** Where charts are written. */
  outDir: string;
  /** Requests in flight for our fetchAll. */
  concurrency: number;
}

/** Row counts and totals both sides print, compared exactly (USD sums within 1e-9 relative). */
export interface PipelineTotals {
  rows: Record<string, number>;
  totals: Record<string, number>;
}

/** What one side reports for one run: stage seconds, requests, totals and peak RSS. */
export interface PipelineResult extends PipelineTotals {
  seconds: { fetch_s: number; frames_s: number; charts_s?: number; export_s?: number };
  requests: number;
  /** Peak resident set size of the child process. @unit kilobytes */
  maxRssKb: number;
}

/** Env var carrying the admin key to the children (never argv, never printed). */
export const KEY_ENV = 'OPENAI_ADMIN_KEY';
