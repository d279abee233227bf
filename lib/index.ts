/** The public entry point: notebooks, scripts and tests import only from here. */
export * from './api/index';
export * from './emulator/index';
export * from './demo/index';
export * from './frames/index';
export * from './charts/index';
export * from './export/index';
export * from './notebook/index';
export * from './store/index';
