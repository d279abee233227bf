import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';

/** How a child process ended and what it printed. */
export interface ChildRun {
  /** Exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What it wrote to stdout and to stderr ('' with `output: 'inherit'`). */
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they came (the sync form: stdout, then stderr). */
  output: string;
  seconds: number;
}

/** Options of {@link runChild} and {@link runChildSync}. */
export interface ChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** 'capture' collects stdout and stderr; 'inherit' shows them as they come. @default 'capture' */
  output?: 'capture' | 'inherit';
  /** Kill the child (SIGTERM) after this long; `signal` then says so. @unit milliseconds */
  timeoutMs?: number;
  /** Aborting it kills the child (SIGTERM); the run then rejects with an AbortError (async form only). */
  abort?: AbortSignal;
}

/** Options of both forms: stdin closed; stdout and stderr piped, or shown with `output: 'inherit'`. */
function spawnOptions(options: ChildOptions): SpawnOptions {
  const out = options.output === 'inherit' ? 'inherit' : 'pipe';
  return {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    stdio: ['ignore', out, out],
  };
}

/** Runs `command` to its end, stdin closed. Rejects only when it cannot start: the caller judges the exit. */
export function runChild(command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(command, args, {
    ...spawnOptions(options),
    ...(options.abort === undefined ? {} : { signal: options.abort }),
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const output: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => {
    stdout.push(b);
    output.push(b);
  });
  child.stderr?.on('data', (b: Buffer) => {
    stderr.push(b);
    output.push(b);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        output: Buffer.concat(output).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
      }),
    );
  });
}

/** {@link runChild}, synchronously (setup steps). Throws only when it cannot start. */
export function runChildSync(command: string, args: readonly string[], options: ChildOptions = {}): ChildRun {
  const started = performance.now();
  const r = spawnSync(command, args, { ...spawnOptions(options), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // A timeout is reported as an error too, but the child did start: its signal says how it ended.
  const timedOut = r.error !== undefined && 'code' in r.error && r.error.code === 'ETIMEDOUT';
  if (r.error !== undefined && !timedOut) throw new Error(`cannot start ${command}: ${r.error.message}`);
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  return {
    code: r.status,
    signal: r.signal,
    stdout,
    stderr,
    output: `${stdout}${stderr}`,
    seconds: (performance.now() - started) / 1000,
  };
}
