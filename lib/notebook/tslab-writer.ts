import type { DisplayWriter, MimeBundle, OutputMetadata } from './mime-bundle';

/** The one internal tslab entry point we rely on (tslab 1.0.22 `dist/jupyter.js`); not public tslab API. */
const TSLAB_JUPYTER = 'tslab/dist/jupyter';

type LoadModule = () => unknown;

interface WireDisplayData {
  data: MimeBundle;
  metadata: OutputMetadata;
  transient: { display_id?: string };
}

function writerOf(load: LoadModule): (data: WireDisplayData, update: boolean) => void {
  let mod: unknown;
  try {
    mod = load();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`tslab display writer unavailable: cannot load ${TSLAB_JUPYTER} (${reason})`, { cause: err });
  }
  if (typeof mod !== 'object' || mod === null || !('lastWriteDisplayData' in mod)) {
    throw new Error(
      `tslab display writer unavailable: ${TSLAB_JUPYTER} has no lastWriteDisplayData (tslab upgraded? this library targets tslab 1.0.22)`,
    );
  }
  const write: unknown = mod.lastWriteDisplayData;
  if (typeof write !== 'function') {
    throw new Error(
      `tslab display writer unavailable: ${TSLAB_JUPYTER}.lastWriteDisplayData is ${write === null ? 'null' : typeof write} (not running inside a tslab kernel cell?)`,
    );
  }
  const typed = write as (data: WireDisplayData, update: boolean) => void;
  return (data, update) => {
    typed(data, update);
  };
}

/**
 * A `DisplayWriter` over tslab's internal multi-MIME writer (`lastWriteDisplayData`), because tslab's public
 * `display` API sends one MIME type per output. Checks on every publish, so a tslab upgrade that removes the hook, or
 * a call outside a kernel cell, fails loudly with `tslab display writer unavailable: …`.
 * @param load module loader, for tests; defaults to `require('tslab/dist/jupyter')`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab's own module, loaded inside the kernel only
export function tslabWriter(load: LoadModule = () => require(TSLAB_JUPYTER)): DisplayWriter {
  return {
    publish(bundle, options = {}) {
      const write = writerOf(load);
      const transient = options.displayId === undefined ? {} : { display_id: options.displayId };
      write({ data: bundle, metadata: options.metadata ?? {}, transient }, options.update ?? false);
    },
  };
}
