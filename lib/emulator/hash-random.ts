/**
 * Stateless deterministic randomness: every value is a pure function of integer coordinates
 * (seed, stream, hour, salt...), so any time range can be generated lazily and identically.
 */

/** Mixes integers into one unsigned 32-bit hash (murmur3-style finalizer per step). */
export function hashInts(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Split into two 32-bit halves so hour indexes and seeds beyond 2^32 still mix in fully.
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    h = mix(h ^ lo);
    h = mix(h ^ hi ^ 0x85ebca6b);
  }
  return h >>> 0;
}

function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform number in [0, 1) from integer coordinates. */
export function unit(...parts: readonly number[]): number {
  return hashInts(...parts) / 4294967296;
}

export { hashString } from '../shared/index';

/** A deterministic sequence of uniforms, for building the static organization from a seed. */
export function sequence(seed: number, salt: number): () => number {
  let i = 0;
  return () => unit(seed, salt, (i += 1));
}

/** A short lowercase alphanumeric id derived from coordinates (for ids like `proj_…`). */
export function hashId(length: number, ...parts: readonly number[]): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  for (let i = 0; out.length < length; i += 1) {
    out += alphabet[hashInts(...parts, i) % alphabet.length] ?? 'x';
  }
  return out;
}

/** A uniform in [0, 1) from a precomputed base hash and a small salt (cheap inner-loop variant of `unit`). */
export function unitFrom(base: number, salt: number): number {
  return mix((base ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0) / 4294967296;
}

/** A fast seeded generator (mulberry32) for long runs of uniforms from one hash. */
export function generator(base: number): () => number {
  let a = base >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
