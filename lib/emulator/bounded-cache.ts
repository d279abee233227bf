/** A memo of at most `max` entries; the oldest is dropped first (enough for sequential page pulls). */
export interface BoundedCache<V> {
  /** The cached value of `key`, made (and kept) on first use. */
  get(key: string, make: () => V): V;
}

/** Creates an empty {@link BoundedCache}; each emulator instance owns its caches (no module-level state). */
export function boundedCache<V>(max: number): BoundedCache<V> {
  const map = new Map<string, V>();
  return {
    get(key, make) {
      const hit = map.get(key);
      if (hit !== undefined) return hit;
      const value = make();
      if (map.size >= max) {
        const oldest = map.keys().next();
        if (oldest.done !== true) map.delete(oldest.value);
      }
      map.set(key, value);
      return value;
    },
  };
}
