import { OTHER_LABEL } from '../frames/index';
import { hashString } from '../shared/index';

/** The seed notebook's ten colours (matplotlib tab10), used first. */
export const SEED_PALETTE: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** Ten more distinguishable colours (tab20 light tones, without the grey reserved for "Other"). */
export const EXTENDED_PALETTE: readonly string[] = [
  ...SEED_PALETTE,
  '#aec7e8',
  '#ffbb78',
  '#98df8a',
  '#ff9896',
  '#c5b0d5',
  '#c49c94',
  '#f7b6d2',
  '#393b79',
  '#dbdb8d',
  '#9edae5',
];

/** Colour of the aggregated "Other" slice/bar. */
export const OTHER_COLOR = '#bdbdbd';

/** FNV-1a 32-bit: a stable, dependency-free string hash. */

/** First unused slot in [from, to), probing forward from the hash's own slot. */
function freeSlot(h: number, from: number, to: number, used: ReadonlySet<number>): number | undefined {
  const size = to - from;
  for (let step = 0; step < size; step++) {
    const slot = from + ((h + step) % size);
    if (!used.has(slot)) return slot;
  }
  return undefined;
}

/**
 * Deterministic colours by name: each name prefers the seed-palette slot of its hash; collisions move to the
 * next free slot (the extension once the ten seed colours are used), resolved in (hash, name) order so the
 * result depends only on the set of names, not on their order.
 * Pass the same full set (e.g. every project) to keep a name's colour identical across charts.
 * "Other" always gets {@link OTHER_COLOR}.
 */
export function colorScale(names: readonly string[]): Map<string, string> {
  const unique = [...new Set(names)].filter((n) => n !== OTHER_LABEL);
  const ordered = unique
    .map((name) => ({ name, h: hashString(name) }))
    .sort((a, b) => a.h - b.h || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const used = new Set<number>();
  const scale = new Map<string, string>([[OTHER_LABEL, OTHER_COLOR]]);
  for (const { name, h } of ordered) {
    // Seed colours first; the light extension only once all ten are taken; repeat only past twenty.
    const slot =
      freeSlot(h, 0, SEED_PALETTE.length, used) ?? freeSlot(h, SEED_PALETTE.length, EXTENDED_PALETTE.length, used);
    const chosen = slot ?? h % EXTENDED_PALETTE.length;
    used.add(chosen);
    scale.set(name, EXTENDED_PALETTE[chosen] ?? OTHER_COLOR);
  }
  return scale;
}

/** Colour for `name` from `colors` (caller-supplied), else from `scale`, else the "Other" grey. */
export function pickColor(
  name: string,
  scale: ReadonlyMap<string, string>,
  colors?: Readonly<Record<string, string>>,
): string {
  // Own keys only: a series named "constructor" or "toString" must not get Object.prototype's function as its colour.
  const given = colors !== undefined && Object.hasOwn(colors, name) ? colors[name] : undefined;
  return given ?? scale.get(name) ?? OTHER_COLOR;
}
