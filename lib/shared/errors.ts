/**
 * The library's one error family. Every error it throws on purpose belongs to it:
 * - the API client's `UsageApiError` and its subclasses (`ApiStatusError`, `ApiConnectionError`, …);
 * - the store's `StoreOpenError`, `StoreLockedError`, `StoreSchemaError`, `StoreCoverageError` (and
 *   `StorePartialBucketError`);
 * - the notebooks' `InvalidParams` (a bad parameters cell; still a `RangeError`) and `CellStopped` (a cell stopped
 *   after its error was shown).
 * Test membership with {@link isUsageNotebooksError}: it also holds for an error of another copy of the library (tslab
 * kernels may load two), where `instanceof` does not.
 */

/** The family's mark, on each member's prototype: `Symbol.for` so that every copy of the library uses the same one. */
const FAMILY = Symbol.for('openai-usage-notebooks.error');

/**
 * Marks the errors of `errorClass` as members of the family. For a member that must extend a built-in error class
 * (`InvalidParams` is a `RangeError`); the others extend {@link UsageNotebooksError}. The mark sits on the prototype,
 * not enumerable, so printed errors do not change.
 */
export function joinErrorFamily(errorClass: { prototype: Error }): void {
  Object.defineProperty(errorClass.prototype, FAMILY, { value: true });
}

/** Root of the library's errors (see the module comment for its members). */
export class UsageNotebooksError extends Error {}
joinErrorFamily(UsageNotebooksError);

/** True for any error of the family, also when it comes from another copy of the library. */
export function isUsageNotebooksError(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && FAMILY in value && value[FAMILY] === true;
}
