import { createRequire } from 'node:module';

/**
 * The @types packages a notebook cell's program includes. tslab leaves `types` unset, so every @types package in
 * node_modules (argparse, pg, webgl2, …: ~40 files the notebooks never use) is parsed into each cell's program;
 * with Node's alone a warm Run All compiles in about a fifth less time. Imports still resolve their own types.
 */
export const NOTEBOOK_AMBIENT_TYPES: readonly string[] = ['node'];

const fromTslab = createRequire(require.resolve('tslab/dist/converter'));

/**
 * Makes tslab's converters compile with `types` set to `types` (type checking otherwise unchanged: a cell naming a
 * column that does not exist still fails). tslab takes no compiler options and TypeScript's exports are getters, so
 * the TypeScript module tslab requires is swapped in require.cache for a copy whose `createWatchCompilerHost` adds
 * them. Call it before tslab's converter is loaded; returns tslab's `createConverter`.
 * @example narrowAmbientTypes(NOTEBOOK_AMBIENT_TYPES); require('tslab/dist/main').main();
 */
export function narrowAmbientTypes(types: readonly string[]): typeof import('tslab/dist/converter').createConverter {
  if (types.length === 0 || types.some((t) => !/^[@\w][\w./-]*$/.test(t)))
    throw new RangeError(`invalid types: ${JSON.stringify(types)} (names of @types packages, e.g. ["node"])`);
  const tsPath = fromTslab.resolve('@tslab/typescript-for-tslab');
  const ts: unknown = fromTslab(tsPath);
  const cached = require.cache[tsPath];
  if (typeof ts !== 'object' || ts === null || cached === undefined) throw new Error('tslab: TypeScript not loaded');
  const host: unknown = Reflect.get(ts, 'createWatchCompilerHost');
  if (typeof host !== 'function') throw new Error('tslab: no createWatchCompilerHost');
  const copy = {};
  for (const key of Object.keys(ts))
    Object.defineProperty(copy, key, {
      enumerable: true,
      configurable: true,
      get: (): unknown => Reflect.get(ts, key),
    });
  Object.defineProperty(copy, 'createWatchCompilerHost', {
    enumerable: true,
    value: (roots: unknown, options: object, ...rest: unknown[]): unknown =>
      Reflect.apply(host, ts, [roots, { ...options, types: [...types] }, ...rest]),
  });
  cached.exports = copy;
  return tslabConverter();
}

/** tslab's command line (`tslab kernel --config-path …`): loads its converter, so after {@link narrowAmbientTypes}. */
export function runTslab(): void {
  const main: unknown = Reflect.get(Object(fromTslab('./main')), 'main');
  if (typeof main !== 'function') throw new Error('tslab: no main');
  Reflect.apply(main, undefined, []);
}

/** tslab's own `createConverter` (as its kernel loads it). */
export function tslabConverter(): typeof import('tslab/dist/converter').createConverter {
  const converter: unknown = fromTslab('./converter');
  const create: unknown =
    typeof converter === 'object' && converter !== null ? Reflect.get(converter, 'createConverter') : undefined;
  if (typeof create !== 'function') throw new Error('tslab: no createConverter');
  return (options) =>
    Reflect.apply(create, undefined, [options]) as ReturnType<typeof import('tslab/dist/converter').createConverter>;
}
