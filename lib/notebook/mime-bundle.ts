/** One Jupyter display output: MIME type → representation (strings, or JSON for `application/*+json`). */
export type MimeBundle = Readonly<Record<string, string | object>>;

/** Marks outputs of this library in the notebook's output metadata (lets tools strip or find them). */
export interface OutputMetadata {
  readonly 'usage-notebooks'?: {
    readonly role: 'figure' | 'table' | 'progress' | 'error' | 'notice';
    /** Figure id, for `role: 'figure'` (the headless run orders the combined report by it). */
    readonly id?: string;
  };
}

/** Where display outputs go; `displayId` + `update` replace an earlier output in place. */
export interface DisplayWriter {
  publish(bundle: MimeBundle, options?: { metadata?: OutputMetadata; displayId?: string; update?: boolean }): void;
}
