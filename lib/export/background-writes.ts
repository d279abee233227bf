import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { writeText } from './write-text';

/**
 * Files written after {@link writeExports} returned: a year's FOCUS CSV (67 MB) takes ~0.1 s to encode and write,
 * which an interactive re-run need not wait for. Each goes to a temporary file beside its target, renamed over it
 * when complete, so the target is always a whole file: the last one until the new one is. A failure is kept until
 * {@link exportsWritten} or the next writeExports reports it; a process that exits while a write is unfinished
 * writes it synchronously first (an exit with the event loop emptied waits for it anyway).
 */
interface BackgroundWrite {
  path: string;
  text: string;
  temporary: string;
  done: boolean;
  finished: Promise<void>;
}

const running = new Map<string, BackgroundWrite>();
const failures: { path: string; error: unknown }[] = [];
let serial = 0;
let exitHook = false;

/** Writes `text` to `path` through a temporary file renamed over it: readers see the old file or the new one. */
async function writeWhole(job: BackgroundWrite): Promise<void> {
  try {
    await writeText(job.temporary, job.text);
    await rename(job.temporary, job.path);
  } catch (error) {
    await unlink(job.temporary).catch(() => undefined);
    throw error;
  }
}

/** On exit (process.exit, or the loop emptied with a failure unreported): unfinished writes end synchronously. */
function onExit(): void {
  for (const job of running.values()) {
    if (job.done) continue;
    try {
      const temporary = `${job.temporary}.exit`;
      writeFileSync(temporary, job.text, 'utf8');
      renameSync(temporary, job.path);
    } catch (error) {
      failures.push({ path: job.path, error });
    }
    try {
      unlinkSync(job.temporary);
    } catch {
      // Never created, or already renamed.
    }
  }
  for (const { path, error } of failures.splice(0)) {
    process.stderr.write(
      `export: ${path} was not written: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

/**
 * Starts writing `text` to `path` in the background (`then` runs after the rename, e.g. to note what was written).
 * A write already running to `path` must have been awaited first ({@link exportsWritten}).
 */
export function writeInBackground(path: string, text: string, then: () => Promise<void>): void {
  if (!exitHook) {
    process.on('exit', onExit);
    exitHook = true;
  }
  const temporary = `${path}.${String(process.pid)}-${String(serial++)}.partial`;
  const job: BackgroundWrite = { path, text, temporary, done: false, finished: Promise.resolve() };
  job.finished = writeWhole(job)
    .then(then)
    .then(
      () => {
        job.done = true;
        running.delete(path);
      },
      (error: unknown) => {
        job.done = true;
        running.delete(path);
        failures.push({ path, error });
      },
    );
  running.set(path, job);
}

/**
 * Waits until the files writeExports left to finish in the background are written; throws the failures not reported
 * yet (each is reported once, here or by the next writeExports).
 * @example await exportsWritten(); // before copying out/ elsewhere
 */
export async function exportsWritten(): Promise<void> {
  while (running.size > 0) await Promise.all([...running.values()].map((job) => job.finished));
  const failed = failures.splice(0);
  if (failed.length === 0) return;
  const lines = failed.map(({ path, error }) => `${path}: ${error instanceof Error ? error.message : String(error)}`);
  throw new Error(`export: ${String(failed.length)} file(s) not written in the background: ${lines.join('; ')}`, {
    cause: failed[0]?.error,
  });
}

/**
 * The files still being written in the background (absolute paths as writeExports returned them), for a message
 * that says what is on disk yet.
 * @example writesInProgress() // ['/repo/out/data/focus_costs.csv'] right after a year's export returned
 */
export function writesInProgress(): string[] {
  return [...running.values()].filter((job) => !job.done).map((job) => job.path);
}
