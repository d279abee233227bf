import type { WireBucket, WireCompletionsResult } from '../../lib/catalogue/index';

/** 2025-12-01T00:00Z, day 0 of the generated buckets. */
export const DAY0 = 1_764_547_200;
export const DAY = 86_400;

/** One completions result of a day (0-based from DAY0); absent fields read null or 0. */
export interface UsageRow {
  day: number;
  model?: string | null;
  project?: string | null;
  user?: string | null;
  input?: number;
  output?: number;
  cached?: number;
  requests?: number;
}

/** Daily completions buckets for days 0 … days-1 (empty where no row), each row a result of its day. */
export function usageBuckets(rows: readonly UsageRow[], days: number): WireBucket<WireCompletionsResult>[] {
  return Array.from({ length: days }, (_, day) => ({
    object: 'bucket' as const,
    start_time: DAY0 + day * DAY,
    end_time: DAY0 + (day + 1) * DAY,
    results: rows
      .filter((r) => r.day === day)
      .map((r) => ({
        object: 'organization.usage.completions.result' as const,
        input_tokens: r.input ?? 0,
        output_tokens: r.output ?? 0,
        input_cached_tokens: r.cached ?? 0,
        num_model_requests: r.requests ?? 0,
        project_id: r.project ?? null,
        user_id: r.user ?? null,
        api_key_id: null,
        model: r.model ?? null,
        batch: null,
      })),
  }));
}
