const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses an interval like "15m", "1h", "30s" or "1d" into milliseconds (at least 1 s).
 * @example parseEvery('15m') // 900000
 */
export function parseEvery(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  const ms = m === null ? NaN : Number(m[1]) * (UNITS[m[2] ?? ''] ?? NaN);
  if (!Number.isFinite(ms) || ms < 1_000 || ms > 7 * 86_400_000) {
    throw new RangeError(`invalid every: ${JSON.stringify(text)} (a number and s, m, h or d, from 1s to 7d, e.g. 15m)`);
  }
  return ms;
}

/** A running schedule. */
export interface Schedule {
  stop(): void;
}

/**
 * Runs `task` every `ms` milliseconds, never two at once: the next run starts `ms` after the previous one
 * finished. Errors go to `onError` and the schedule keeps going.
 */
export function every(ms: number, task: () => Promise<void>, onError: (e: unknown) => void): Schedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    task()
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, ms);
      });
  };
  timer = setTimeout(tick, ms);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
