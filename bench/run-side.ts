import { runChild } from '../tools/child-process';
import { parseResult } from './parse-result';
import { KEY_ENV, type PipelineJob, type PipelineResult } from './pipeline-job';

/** How to start each side. */
export interface SideCommands {
  repo: string;
  python: string;
  anchor: string;
}

/** The two contenders. */
export type Side = 'baseline' | 'ours';

async function run(command: string, args: readonly string[], cwd: string, key: string): Promise<string> {
  const r = await runChild(command, args, { cwd, env: { ...process.env, [KEY_ENV]: key } });
  if (r.code === 0) return r.stdout;
  // The key is only in the env, but scrub it anyway before anything reaches the console.
  const tail = r.stderr.split(key).join('[redacted]').slice(-2000);
  throw new Error(`${command} exited with ${String(r.code)}: ${tail}`);
}

/** Arguments of the anchor for a job: same range, width, page size and grouping as ours. */
export function anchorArgs(job: PipelineJob): string[] {
  const args = [
    '--base-url',
    job.baseURL,
    '--days',
    String(job.days),
    '--bucket-width',
    job.bucketWidth,
    '--limit',
    String(job.limit),
    '--group-by',
    job.groupBy.join(','),
    '--out',
    job.outDir,
  ];
  return job.charts ? args : [...args, '--no-charts'];
}

/** Runs one side of one job in a fresh child process and parses its result. */
export async function runSide(side: Side, job: PipelineJob, key: string, cmd: SideCommands): Promise<PipelineResult> {
  const stdout =
    side === 'ours'
      ? await run(process.execPath, ['--import', 'tsx', 'bench/ours-child.ts', JSON.stringify(job)], cmd.repo, key)
      : await run(cmd.python, ['bench/seed-runner.py', cmd.anchor, String(job.now), ...anchorArgs(job)], cmd.repo, key);
  return parseResult(stdout);
}
