/** Shared: what every room below and above may use (the error family's root, one string hash, one time span). */
export { UsageNotebooksError, joinErrorFamily } from './errors';
export { hashString } from './hash-string';
export type { TimeSpan } from './time-span';
export { visibleText } from './visible-text';
export { csvText, type CsvRowWriter } from './csv';
export { utcDate, utcDateStart } from './utc-date';
export { isJsonObject } from './json-object';
