import { openStore, type UsageStore } from '../store/index';

/** A store opened on first use and shared by the uses that follow, closed once it was idle for a while. */
export interface StoreHandle {
  use<T>(fn: (store: UsageStore) => Promise<T>): Promise<T>;
  /** Closes now (a later use opens again). */
  close(): Promise<void>;
}

export interface StoreHandleOptions {
  /** DuckDB file or postgres:// URL. */
  location: string;
  /** How long to wait for another process holding the store. @unit milliseconds */
  waitMs: number;
  /** Closed after this long without a use. @unit milliseconds @default 2000 */
  idleMs?: number;
  /** @default openStore */
  open?: (location: string, options: { waitMs: number }) => Promise<UsageStore>;
}

/**
 * One open store for a burst of reads (a notebook's cells follow each other within a second): opening a DuckDB
 * file costs ~50 ms, and a notebook reads a dozen times. Closed `idleMs` after the last read, because notebooks
 * run side by side share one DuckDB file (one process at a time) and a sync elsewhere must get it too.
 */
export function storeHandle(options: StoreHandleOptions): StoreHandle {
  const idleMs = options.idleMs ?? 2000;
  const open = options.open ?? openStore;
  let current: Promise<UsageStore> | undefined;
  let closing: Promise<void> = Promise.resolve();
  let users = 0;
  let timer: NodeJS.Timeout | undefined;

  const close = async (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const held = current;
    current = undefined;
    if (held === undefined) return closing;
    closing = held.then(
      (s) => s.close(),
      () => undefined,
    );
    return closing;
  };

  return {
    async use<T>(fn: (store: UsageStore) => Promise<T>): Promise<T> {
      clearTimeout(timer);
      timer = undefined;
      users++;
      try {
        if (current === undefined) await closing;
        if (current === undefined) {
          const opening = open(options.location, { waitMs: options.waitMs });
          current = opening;
          // A failed open is not kept: the next use tries again.
          opening.catch(() => {
            if (current === opening) current = undefined;
          });
        }
        return await fn(await current);
      } finally {
        users--;
        if (users === 0 && current !== undefined) {
          // Unref'd: an idle store never keeps a script alive.
          timer = setTimeout(() => void close(), idleMs);
          timer.unref();
        }
      }
    },
    close,
  };
}
