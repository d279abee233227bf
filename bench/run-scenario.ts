import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BucketWidth } from '../lib/catalogue/index';
import type { RunningEmulator } from '../lib/emulator/index';
import { compareTotals } from './compare-totals';
import type { PipelineJob, PipelineResult } from './pipeline-job';
import { runSide, type Side, type SideCommands } from './run-side';

/** One measured workload, run by both sides against the same emulator. */
export interface Scenario {
  name: string;
  days: number;
  bucketWidth: BucketWidth;
  limit: number;
  groupBy: readonly string[];
  charts: boolean;
  latencyMs: number;
  /** Run one untimed pass first (skip when an earlier scenario already warmed the same hours). @default true */
  warm?: boolean;
}

/** One timed run of one side, with the emulator's CPU time spent serving it. */
export interface SideRun {
  result: PipelineResult;
  /** CPU of this (orchestrator = emulator) process during the run. @unit seconds */
  serverCpuS: number;
}

/** Every run of a scenario, per side. */
export interface ScenarioRuns {
  scenario: Scenario;
  runs: Record<Side, SideRun[]>;
  /** Disagreements between any run and the first baseline run (must be empty). */
  mismatches: string[];
}

async function timedSide(side: Side, job: PipelineJob, key: string, cmd: SideCommands): Promise<SideRun> {
  const outDir = await mkdtemp(join(tmpdir(), `bench-${side}-`));
  const before = process.cpuUsage();
  try {
    const result = await runSide(side, { ...job, outDir }, key, cmd);
    const cpu = process.cpuUsage(before);
    return { result, serverCpuS: (cpu.user + cpu.system) / 1e6 };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * Warms the emulator with one untimed run of ours (its per-hour caches then cover every query) unless told not to, then
 * runs baseline and ours alternately `runs` times each, the first side swapping every round.
 */
export async function runScenario(
  scenario: Scenario,
  emulator: RunningEmulator,
  base: { now: number; concurrency: number; runs: number; key: string; cmd: SideCommands },
  log: (line: string) => void,
): Promise<ScenarioRuns> {
  const job: PipelineJob = {
    baseURL: emulator.baseURL,
    now: base.now,
    days: scenario.days,
    bucketWidth: scenario.bucketWidth,
    limit: scenario.limit,
    groupBy: scenario.groupBy,
    charts: scenario.charts,
    outDir: '',
    concurrency: base.concurrency,
  };
  emulator.setFaults({ latencyMs: scenario.latencyMs });
  if (scenario.warm !== false) {
    log(`${scenario.name}: warming the emulator (one untimed run of ours)…`);
    await timedSide('ours', job, base.key, base.cmd);
  } else {
    log(`${scenario.name}: emulator already warm (same hours as an earlier scenario)`);
  }
  const runs: Record<Side, SideRun[]> = { baseline: [], ours: [] };
  for (let i = 0; i < base.runs; i++) {
    const order: Side[] = i % 2 === 0 ? ['baseline', 'ours'] : ['ours', 'baseline'];
    for (const side of order) {
      const run = await timedSide(side, job, base.key, base.cmd);
      runs[side].push(run);
      const s = run.result.seconds;
      log(
        `  run ${i + 1} ${side.padEnd(8)} fetch ${s.fetch_s.toFixed(3)} s, frames ${s.frames_s.toFixed(3)} s` +
          `${s.charts_s === undefined ? '' : `, charts ${s.charts_s.toFixed(3)} s`}` +
          `${s.export_s === undefined ? '' : `, export ${s.export_s.toFixed(3)} s`}` +
          `, ${run.result.requests} requests, RSS ${(run.result.maxRssKb / 1024).toFixed(0)} MB, emulator CPU ${run.serverCpuS.toFixed(2)} s`,
      );
    }
  }
  const reference = runs.baseline[0]?.result;
  const mismatches: string[] = [];
  if (reference !== undefined) {
    for (const side of ['baseline', 'ours'] as const) {
      runs[side].forEach((r, i) =>
        mismatches.push(...compareTotals(reference, r.result).map((p) => `${side} run ${i + 1}: ${p}`)),
      );
    }
  }
  return { scenario, runs, mismatches };
}
