// A DuckDB result as columns of cells, doubles and ENUM codes read straight from each vector's memory.
import bindings from '@duckdb/node-bindings';
import {
  DuckDBEnumType,
  DuckDBTypeId,
  type DuckDBDataChunk,
  type DuckDBResult,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Cell } from './table-schema';

function jsValue(v: DuckDBValue): Cell {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** Row `i` of a chunk is not null: its bit in the validity mask (null: no mask, every row valid). */
function validAt(mask: Uint8Array | null | undefined, i: number): boolean {
  return mask === null || mask === undefined || ((mask[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
}

/** An ENUM's codes in a vector's memory, by the enum's internal width. */
function enumCodes(type: DuckDBEnumType, data: Uint8Array, rows: number): ArrayLike<number> | undefined {
  switch (type.internalTypeId) {
    case DuckDBTypeId.UTINYINT:
      return new Uint8Array(data.buffer, data.byteOffset, rows);
    case DuckDBTypeId.USMALLINT:
      return new Uint16Array(data.buffer, data.byteOffset, rows);
    case DuckDBTypeId.UINTEGER:
      return new Uint32Array(data.buffer, data.byteOffset, rows);
    default:
      return undefined;
  }
}

/** True when the mask says every row of the chunk is null. */
function allNull(mask: Uint8Array | null | undefined, rows: number): boolean {
  if (mask === null || mask === undefined) return false;
  for (let i = 0; i < rows; i++) if (validAt(mask, i)) return false;
  return true;
}

/**
 * Cells [at, at + rows) of column `c` from one chunk. Doubles, ENUMs, integers and booleans are read from the
 * vector's memory, a column null in every row from its mask alone (a year's read is ~3·10^6 cells, and the value
 * API checks each one's validity with BigInt arithmetic); other types (text), through the value API.
 */
function fillFromChunk(chunk: DuckDBDataChunk, c: number, type: DuckDBType, out: Cell[], at: number): void {
  const rows = chunk.rowCount;
  const vector = bindings.data_chunk_get_vector(chunk.chunk, c);
  const valid = bindings.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
  const data = (bytes: number): Uint8Array => bindings.vector_get_data(vector, rows * bytes);
  if (allNull(valid, rows)) {
    out.fill(null, at, at + rows);
    return;
  }
  let read: ((i: number) => Cell) | undefined;
  if (type.typeId === DuckDBTypeId.DOUBLE) {
    const bytes = data(Float64Array.BYTES_PER_ELEMENT);
    const items = new Float64Array(bytes.buffer, bytes.byteOffset, rows);
    read = (i) => items[i] ?? null;
  } else if (type.typeId === DuckDBTypeId.BIGINT) {
    const bytes = data(BigInt64Array.BYTES_PER_ELEMENT);
    const items = new BigInt64Array(bytes.buffer, bytes.byteOffset, rows);
    read = (i) => Number(items[i] ?? 0n);
  } else if (type.typeId === DuckDBTypeId.INTEGER) {
    const bytes = data(Int32Array.BYTES_PER_ELEMENT);
    const items = new Int32Array(bytes.buffer, bytes.byteOffset, rows);
    read = (i) => items[i] ?? null;
  } else if (type.typeId === DuckDBTypeId.BOOLEAN) {
    const items = data(1);
    read = (i) => items[i] !== 0;
  } else if (type instanceof DuckDBEnumType) {
    const width =
      type.internalTypeId === DuckDBTypeId.UTINYINT ? 1 : type.internalTypeId === DuckDBTypeId.USMALLINT ? 2 : 4;
    const codes = enumCodes(type, data(width), rows);
    const values = type.values;
    if (codes !== undefined) read = (i) => values[codes[i] ?? -1] ?? null;
  }
  if (read !== undefined) {
    for (let i = 0; i < rows; i++) out[at + i] = validAt(valid, i) ? read(i) : null;
    return;
  }
  const values = chunk.getColumnValues(c);
  for (let i = 0; i < rows; i++) out[at + i] = jsValue(values[i] ?? null);
}

/** Every row of a result as columns (`values[c]` holds column c), with its column names and row count. */
export async function resultColumns(
  result: DuckDBResult,
): Promise<{ names: string[]; rowCount: number; values: Cell[][] }> {
  const chunks = await result.fetchAllChunks();
  const types = result.columnTypes();
  let rowCount = 0;
  for (const chunk of chunks) rowCount += chunk.rowCount;
  const values = types.map((type, c) => {
    const out = new Array<Cell>(rowCount);
    let at = 0;
    for (const chunk of chunks) {
      fillFromChunk(chunk, c, type, out, at);
      at += chunk.rowCount;
    }
    return out;
  });
  return { names: result.columnNames(), rowCount, values };
}
