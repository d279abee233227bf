import type { TupleKey } from './tuple-key';

/**
 * Which of a row's IDs came as null rather than '' (the rows' numbers join the two; the first cost added tells which
 * it was), as bits.
 */
export const PROJECT_NULL = 1;
export const KEY_NULL = 2;
export const USER_NULL = 4;
const ADDED = 8;
/** costs_api, token_share, unattributable: a row's method as its index. */
export const METHOD_COUNT = 3;

/** Each number's rank among all, for the sort of {@link RowSums.sorted}. */
export interface RowRanks {
  /** By day number (the days of the rows at least). */
  day: Int32Array;
  project: Int32Array;
  key: Int32Array;
  user: Int32Array;
}

/**
 * The allocation rows being summed, as columns (no object per row): one per slot (day, project, key and user numbers)
 * and method, row `slot * METHOD_COUNT + method`. The first cost added names a row (which IDs were null), later ones
 * add to its cost, in the order they come (the order of the sums).
 */
export class RowSums {
  private readonly slots = new Map<number | string, number>();
  private slotCount = 0;
  /** Per slot. */
  private day: Int32Array;
  private project: Int32Array;
  private key: Int32Array;
  private user: Int32Array;
  /** Per row: its cost, bits, and when it was first added (among the rows). */
  private cost: Float64Array;
  private flags: Uint8Array;
  private firstAdded: Int32Array;
  private addedCount = 0;

  /** `slotKey` numbers the slots; `capacity` is a first guess of their count (the columns grow as needed). */
  constructor(
    private readonly slotKey: TupleKey,
    capacity: number,
  ) {
    const n = Math.max(capacity, 16);
    this.day = new Int32Array(n);
    this.project = new Int32Array(n);
    this.key = new Int32Array(n);
    this.user = new Int32Array(n);
    this.cost = new Float64Array(n * METHOD_COUNT);
    this.flags = new Uint8Array(n * METHOD_COUNT);
    this.firstAdded = new Int32Array(n * METHOD_COUNT);
  }

  /** The slot of a day, project, key and user (numbers), made on first sight. */
  slot(day: number, project: number, key: number, user: number): number {
    const k = this.slotKey(day, project, key, user);
    let s = this.slots.get(k);
    if (s === undefined) {
      s = this.slotCount++;
      if (s === this.day.length) this.grow();
      this.slots.set(k, s);
      this.day[s] = day;
      this.project[s] = project;
      this.key[s] = key;
      this.user[s] = user;
    }
    return s;
  }

  /** Adds a cost to a slot's row of a method; `nulls` (first cost only) tells which IDs came as null. */
  add(slot: number, method: number, cost: number, nulls: number): void {
    const r = slot * METHOD_COUNT + method;
    const flags = this.flags[r] ?? 0;
    if ((flags & ADDED) !== 0) this.cost[r] = (this.cost[r] ?? 0) + cost;
    else {
      this.flags[r] = ADDED | nulls;
      this.firstAdded[r] = this.addedCount++;
      this.cost[r] = cost;
    }
  }

  private grow(): void {
    const n = this.day.length * 2;
    const widen = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.day = widen(this.day);
    this.project = widen(this.project);
    this.key = widen(this.key);
    this.user = widen(this.user);
    const cost = new Float64Array(n * METHOD_COUNT);
    cost.set(this.cost);
    this.cost = cost;
    const flags = new Uint8Array(n * METHOD_COUNT);
    flags.set(this.flags);
    this.flags = flags;
    const firstAdded = new Int32Array(n * METHOD_COUNT);
    firstAdded.set(this.firstAdded);
    this.firstAdded = firstAdded;
  }

  /** The columns as they stand: per slot its day, project, key and user numbers; per row its cost and bits. */
  columns(): {
    day: Int32Array;
    project: Int32Array;
    key: Int32Array;
    user: Int32Array;
    cost: Float64Array;
    nulls: Uint8Array;
  } {
    const { day, project, key, user, cost, flags } = this;
    return { day, project, key, user, cost, nulls: flags };
  }

  /** The days of the slots, each once. */
  days(): number[] {
    // A loop, not a Set of the typed array: its iterator allocates a result per slot until compiled.
    const days = new Set<number>();
    for (let s = 0; s < this.slotCount; s++) days.add(this.day[s] ?? 0);
    return [...days];
  }

  /** The rows added and kept (a row of no cost only if its method is `always`, as unattributable rows). */
  private kept(always: number): number[] {
    const kept: number[] = [];
    for (let r = 0; r < this.slotCount * METHOD_COUNT; r++)
      if (((this.flags[r] ?? 0) & ADDED) !== 0 && (this.cost[r] !== 0 || r % METHOD_COUNT === always)) kept.push(r);
    return kept;
  }

  /** The rows kept (see {@link RowSums.sorted}) in the order they were first added. */
  inAddedOrder(always: number): number[] {
    return this.kept(always).sort((a, b) => (this.firstAdded[a] ?? 0) - (this.firstAdded[b] ?? 0));
  }

  /** The rows kept (a row of no cost only if its method is `always`), in order of day, method, project, key, user rank. */
  sorted(ranks: RowRanks, always: number): Int32Array {
    const kept = this.kept(always);
    // Each kept row's ranks (day, method, project, key, user) as one number and its index below that: a sort of
    // numbers, no comparator, while they fit a double's integers (always, but for organizations of millions of users).
    const n = kept.length;
    const days = Math.max(ranks.day.length, 1);
    const projects = Math.max(ranks.project.length, 1);
    const keys = Math.max(ranks.key.length, 1);
    const users = Math.max(ranks.user.length, 1);
    const rankOf = (r: number, field: number): number => {
      const s = Math.floor(r / METHOD_COUNT);
      if (field === 0) return ranks.day[this.day[s] ?? 0] ?? 0;
      if (field === 1) return r % METHOD_COUNT;
      if (field === 2) return ranks.project[this.project[s] ?? 0] ?? 0;
      if (field === 3) return ranks.key[this.key[s] ?? 0] ?? 0;
      return ranks.user[this.user[s] ?? 0] ?? 0;
    };
    const out = new Int32Array(n);
    if (days * METHOD_COUNT * projects * keys * users * Math.max(n, 1) <= Number.MAX_SAFE_INTEGER) {
      const sortKeys = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const r = kept[j] ?? 0;
        const s = Math.floor(r / METHOD_COUNT);
        let k = ranks.day[this.day[s] ?? 0] ?? 0;
        k = k * METHOD_COUNT + (r % METHOD_COUNT);
        k = k * projects + (ranks.project[this.project[s] ?? 0] ?? 0);
        k = k * keys + (ranks.key[this.key[s] ?? 0] ?? 0);
        k = k * users + (ranks.user[this.user[s] ?? 0] ?? 0);
        sortKeys[j] = k * n + j;
      }
      sortKeys.sort();
      for (let j = 0; j < n; j++) out[j] = kept[(sortKeys[j] ?? 0) % n] ?? 0;
      return out;
    }
    const order = Array.from(kept, (_, j) => j).sort((a, b) => {
      for (let f = 0; f < 5; f++) {
        const d = rankOf(kept[a] ?? 0, f) - rankOf(kept[b] ?? 0, f);
        if (d !== 0) return d;
      }
      return 0;
    });
    for (const [j, i] of order.entries()) out[j] = kept[i] ?? 0;
    return out;
  }
}
