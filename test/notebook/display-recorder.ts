import assert from 'node:assert/strict';
import type { DisplayWriter, MimeBundle, OutputMetadata } from '../../lib/notebook/mime-bundle';

/** One output a display writer published. */
export interface Published {
  bundle: MimeBundle;
  metadata?: OutputMetadata;
  displayId?: string;
  update?: boolean;
}

/** A display writer that keeps what it is given, in order (what tslab would send to the notebook). */
export function recorder(): { writer: DisplayWriter; published: Published[] } {
  const published: Published[] = [];
  return {
    published,
    writer: {
      publish: (bundle, options = {}) => {
        published.push({ bundle, ...options });
      },
    },
  };
}

/** A bundle entry that must be text. */
export function textOf(value: unknown): string {
  assert.ok(typeof value === 'string', `expected a string, got ${typeof value}`);
  return value;
}
