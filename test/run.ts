// The runner behind `npm run test:unit` and `npm test` (docs/testing.md), and the one place that says which test
// files are pure. Node 20's `--test` starts a process per file and each pays about a second of tsx start-up (Node 22's
// `--experimental-test-isolation=none` is not ours to use), so the pure files run here in one process: each file
// becomes a suite named by its path, loaded inside the suite's callback, so that its top-level test(), describe() and
// hooks are the suite's own (a file's after() runs after its own tests, not after every file's). node:test reports at
// exit and sets the exit code when a test fails. Files load one after another, each once the previous one's tests
// have ended, as in their own process; a file that leaves the environment, the directory or process listeners changed
// fails (its suite's last after hook), since the files after it would run in what it left. The other files start
// servers, processes or browsers: they keep a process each under `node --test`.
//
//   node --import tsx test/run.ts                 the pure files, in this process
//   node --import tsx test/run.ts FILE...         these files, in this process
//   node --import tsx test/run.ts --all           the pure files in one process, then the others under node --test
//
// node:test's own flags go before the script: `node --import tsx --test-name-pattern=forecast test/run.ts` (a
// pattern matches file paths too, the suites' names).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe } from 'node:test';
import { runChild } from '../tools/child-process';

const ROOT = path.resolve(__dirname, '..');

/** Every `*.test.ts` under test/, relative to the repository root with `/` separators, in byte order. */
function testFiles(): string[] {
  return readdirSync(path.join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${f.split(path.sep).join('/')}`)
    .sort();
}

/** Pure: no child process, server, DuckDB file, kernel or browser (docs/testing.md says what counts). */
function isPure(file: string): boolean {
  return !file.startsWith('test/e2e/') && !file.endsWith('.integration.test.ts');
}

// Not 'exit': something of the runner's own start-up has one there while the first file loads, gone by its end.
const EVENTS = ['uncaughtException', 'unhandledRejection', 'warning', 'SIGINT', 'SIGTERM'];

/**
 * What a test file may change for the files after it and must put back (environment, directory, process listeners,
 * exit code),
 * as a function that lists what changed since: names only, never an environment variable's value (it may be a key).
 */
function processWatch(): () => string[] {
  const env = { ...process.env };
  const cwd = process.cwd();
  const listeners = EVENTS.map((e) => process.listenerCount(e));
  const exitCode = process.exitCode;
  return () => [
    // A file that lowers the exit code would turn an earlier failure into exit 0 (a failing test raises it).
    ...(Number(process.exitCode ?? 0) < Number(exitCode ?? 0)
      ? [`process.exitCode ${String(exitCode)} then ${String(process.exitCode)}`]
      : []),
    ...[...new Set([...Object.keys(env), ...Object.keys(process.env)])]
      .filter((k) => env[k] !== process.env[k])
      .map(
        (k) =>
          `process.env.${k} ${env[k] === undefined ? 'added' : process.env[k] === undefined ? 'deleted' : 'changed'}`,
      ),
    ...(process.cwd() === cwd ? [] : ['process.cwd() changed']),
    ...EVENTS.flatMap((e, i) =>
      process.listenerCount(e) === listeners[i]
        ? []
        : [`process '${e}' listeners: ${listeners[i]} then ${process.listenerCount(e)}`],
    ),
  ];
}

/** How long the process may stay alive after the last file's tests. @unit milliseconds */
const OPEN_MS = 10_000;

/** Runs `files` (relative to the current directory) in this process, one suite per file. */
async function runHere(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const full = path.resolve(file);
    await describe(path.relative(ROOT, full).split(path.sep).join('/'), () => {
      const changes = processWatch();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous, so the file's tests join this suite
      require(full);
      // After the file's own after() hooks, which were registered first.
      after(() => assert.deepEqual(changes(), [], 'the file leaves the process as it found it'));
    });
  }
  // node:test reports once nothing is left to run; something still open (a server, a timer) would keep the process
  // waiting for ever, with no summary: say what it is instead. Unref'd, so it never delays a clean exit.
  setTimeout(() => {
    console.error(
      `still running ${OPEN_MS / 1000} s after the last file: open ${process.getActiveResourcesInfo().join(', ')}`,
    );
    process.exit(1);
  }, OPEN_MS).unref();
}

/**
 * Both halves, each to its end, so that a pure failure does not hide the others' results. SIGINT or SIGTERM sent to
 * this runner alone (not its process group) stops the half that is running and skips the rest.
 */
async function runAll(): Promise<void> {
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      stoppedBy = signal;
      stop.abort();
    });
  const node = async (args: readonly string[]): Promise<number | null> => {
    try {
      const run = await runChild(process.execPath, [...process.execArgv, ...args], {
        cwd: ROOT,
        output: 'inherit',
        abort: stop.signal,
      });
      return run.code;
    } catch (err) {
      if (stoppedBy === undefined) throw err;
      console.error(`\ntests stopped by ${stoppedBy}`);
      process.exit(stoppedBy === 'SIGINT' ? 130 : 143);
    }
  };
  const pure = await node([__filename]);
  const others = testFiles().filter((f) => !isPure(f));
  const rest = await node(['--test', '--test-concurrency=1', ...others]);
  console.log(`\npure tests (one process): ${pure === 0 ? 'passed' : 'FAILED'}`);
  console.log(`other tests (${others.length} files, a process each): ${rest === 0 ? 'passed' : 'FAILED'}`);
  if (pure !== 0 || rest !== 0) process.exitCode = 1;
}

const args = process.argv.slice(2);
const bad = args.find((a, i) => a.startsWith('-') && !(a === '--all' && args.length === 1 && i === 0));
if (bad !== undefined) throw new Error(`invalid option: ${bad}`);
const pure = (): string[] =>
  testFiles()
    .filter(isPure)
    .map((f) => path.join(ROOT, f));
if (args[0] === '--all') void runAll();
else void runHere(args.length > 0 ? args : pure());
