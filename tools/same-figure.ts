/**
 * Where two figure JSON values differ, or undefined when they agree: numbers within 1e-9 relative (float sums
 * differ in the last bits with summation order), everything else exactly.
 */
export function figureDifference(a: unknown, b: unknown, where = ''): string | undefined {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) ? undefined : `${where}: ${a} vs ${b}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${where}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = figureDifference(a[i], b[i], `${where}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join('\u0000') !== kb.join('\u0000')) return `${where}: keys ${ka.join(',')} vs ${kb.join(',')}`;
    for (const k of ka) {
      const d = figureDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
