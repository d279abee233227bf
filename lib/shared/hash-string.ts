/**
 * Hashes a string to an unsigned 32-bit integer (FNV-1a): the library's one string hash, for stable colours and
 * the emulator's deterministic data.
 * @example hashString('a') === 0xe40c292c
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}
