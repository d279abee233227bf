import type { RunningEmulator } from '../lib/emulator/index';

/** Variables a developer's shell may hold that would change a benchmark run: each run sets its own. */
const RUN_VARIABLES = [
  'OPENAI_ADMIN_KEY',
  'OPENAI_BASE_URL',
  'USAGE_NOW',
  'OUT_DIR',
  'USAGE_SOURCE',
  'USAGE_STORE_URL',
];

/**
 * The environment of a benchmark's notebook run: the emulator as "live" API, a pinned "now", UTC, nothing
 * inherited that changes the run; `extra` is applied before those, so it cannot override them.
 */
export function benchEnv(
  emulator: RunningEmulator,
  key: string,
  now: number,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of RUN_VARIABLES) delete env[name];
  return {
    ...env,
    ...extra,
    TZ: 'UTC',
    OPENAI_ADMIN_KEY: key,
    OPENAI_BASE_URL: emulator.baseURL,
    USAGE_NOW: String(now),
  };
}
