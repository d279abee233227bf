import { open } from 'node:fs/promises';

/** Characters per write: each chunk is encoded on its own, the event loop free in between. */
const CHUNK = 1 << 20;

/**
 * Writes `text` as UTF-8 to `path` (created or truncated), a chunk at a time. `writeFile` encodes the whole text into
 * one buffer first: for a year's 67 MB FOCUS CSV that fresh buffer cost ~0.3 s of CPU (encoding, page faults,
 * collection), three times the whole chunked write.
 */
export async function writeText(path: string, text: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (let at = 0; at < text.length;) {
      let end = Math.min(at + CHUNK, text.length);
      // A surrogate pair is never split: each half alone would be encoded as U+FFFD.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
      await file.write(text.slice(at, end), null, 'utf8');
      at = end;
    }
  } finally {
    await file.close();
  }
}
