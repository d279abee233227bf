/** The notebooks' tslab kernel: tslab itself, its cells' programs narrowed to the ambient types they use. */
export { NOTEBOOK_AMBIENT_TYPES, narrowAmbientTypes, runTslab, tslabConverter } from './ambient-types';
