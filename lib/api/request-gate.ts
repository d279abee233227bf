/**
 * Bounds in-flight requests and backs off adaptively: a 429 halves the allowed concurrency (min 1)
 * and pauses every new attempt until the server's delay has passed. State lives per instance
 * (one gate per fetchAll call).
 */
export class RequestGate {
  private limit: number;
  private inFlight = 0;
  private pausedUntil = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(limit: number, now: () => number, sleep: (ms: number) => Promise<void>) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`invalid concurrency: ${limit}`);
    this.limit = limit;
    this.now = now;
    this.sleep = sleep;
  }

  /** The concurrency currently allowed. */
  get allowed(): number {
    return this.limit;
  }

  /** Waits for a free slot, then for any rate-limit pause; the caller must `release()` after. */
  async acquire(): Promise<void> {
    while (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.inFlight++;
    // Checked once (not in a loop) so an injected fake sleep can never spin.
    const wait = this.pausedUntil - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  release(): void {
    this.inFlight--;
    this.waiters.shift()?.();
  }

  /** Called on a 429: fewer parallel requests, and none starts before `delayMs` from now. */
  backOff(delayMs: number): void {
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + delayMs);
  }
}
