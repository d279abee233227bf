import { hashInts } from './hash-random';
import { badParam } from './http-error';

/** What a `next_page` cursor carries: the fixed end of the range and the start of the next bucket. */
export interface CursorState {
  end: number;
  next: number;
}

/**
 * Encodes a cursor as `page_` + base64 of 20 bytes (int64 end, uint32 check, int64 next bucket start),
 * the layout the real cursors appear to have. The check binds it to the query it came from.
 */
export function encodeCursor(state: CursorState, fingerprint: number): string {
  const bytes = Buffer.alloc(20);
  bytes.writeBigInt64BE(BigInt(state.end), 0);
  bytes.writeUInt32BE(hashInts(state.end, state.next, fingerprint), 8);
  bytes.writeBigInt64BE(BigInt(state.next), 12);
  return `page_${bytes.toString('base64')}`;
}

/** Decodes a cursor, failing with a 400 on `page` when it is malformed or belongs to another query. */
export function decodeCursor(cursor: string, fingerprint: number): CursorState {
  const invalid = badParam(
    'page',
    "Invalid value for 'page': not a cursor returned by this endpoint for this query (send next_page back with the same parameters).",
  );
  if (!/^page_[A-Za-z0-9+/]{27}=$/.test(cursor)) throw invalid;
  const bytes = Buffer.from(cursor.slice(5), 'base64');
  if (bytes.length !== 20) throw invalid;
  const end = Number(bytes.readBigInt64BE(0));
  const next = Number(bytes.readBigInt64BE(12));
  if (bytes.readUInt32BE(8) !== hashInts(end, next, fingerprint)) throw invalid;
  return { end, next };
}
