import type { PipelineResult } from './pipeline-job';
import type { Side } from './run-side';
import type { ScenarioRuns } from './run-scenario';
import { median } from '../lib/insights/index';

/** Medians of one side over a scenario's runs. */
export interface SideMedians {
  fetchS: number;
  framesS: number;
  chartsS: number;
  /** fetch + frames + charts (+ export for ours). */
  e2eS: number;
  rssMb: number;
  requests: number;
  serverCpuS: number;
}

function e2e(r: PipelineResult): number {
  const s = r.seconds;
  return s.fetch_s + s.frames_s + (s.charts_s ?? 0) + (s.export_s ?? 0);
}

/** Medians per side of every figure the table shows. */
export function summarize(runs: ScenarioRuns, side: Side): SideMedians {
  const list = runs.runs[side];
  const m = (pick: (r: PipelineResult) => number): number => median(list.map((x) => pick(x.result)));
  return {
    fetchS: m((r) => r.seconds.fetch_s),
    framesS: m((r) => r.seconds.frames_s),
    chartsS: m((r) => (r.seconds.charts_s ?? 0) + (r.seconds.export_s ?? 0)),
    e2eS: m(e2e),
    rssMb: m((r) => r.maxRssKb / 1024),
    requests: m((r) => r.requests),
    serverCpuS: median(list.map((x) => x.serverCpuS)),
  };
}
