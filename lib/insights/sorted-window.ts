/**
 * A window of finite numbers kept in ascending order as values enter and leave it, for a rolling baseline: each day
 * enters and leaves once (a binary search and a shift of the window) instead of the whole window being gathered and
 * sorted again each day. The multiset is what a gather and sort gives, so its order statistics are the same numbers.
 * No -0: it equals 0 here, so which of the two a removal takes is not said.
 */
export class SortedWindow {
  /** The values in ascending order, the first `size` of them. */
  readonly sorted: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.sorted = new Float64Array(capacity);
  }

  /** Empties the window (its buffer is reused). */
  clear(): void {
    this.size = 0;
  }

  /** Adds a finite value; ties go after their equals (which of equal values sits where changes no statistic). */
  add(value: number): void {
    const s = this.sorted;
    if (this.size >= s.length) throw new RangeError(`sorted window full (${s.length} values)`);
    let i = this.size;
    while (i > 0 && (s[i - 1] ?? 0) > value) {
      s[i] = s[i - 1] ?? 0;
      i--;
    }
    s[i] = value;
    this.size++;
  }

  /** Removes one value equal to `value` (one that was added). */
  remove(value: number): void {
    const s = this.sorted;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if ((s[m] ?? 0) < value) lo = m + 1;
      else hi = m;
    }
    if (lo >= this.size || s[lo] !== value) throw new RangeError(`value not in the sorted window: ${value}`);
    s.copyWithin(lo, lo + 1, this.size);
    this.size--;
  }
}
