import { invalid } from './check-options';
import { escapeLabel } from './escape-label';
import type { PieSlice } from './pie-figure';

/** What a chart shows for one key (an ID or any other label) and the ID behind it, when it shows a name. */
export interface SeriesName {
  /** Raw display text (escaped by the chart where it is drawn). */
  label: string;
  /** The ID, when `label` is a name for it: shown on hover. */
  id: string | undefined;
}

/** Checks the charts' `names` option: a Map of ID → display name (from `names.labels(dimension)`). */
export function checkNames(names: unknown): ReadonlyMap<string, string> | undefined {
  if (names === undefined) return undefined;
  if (
    !(names instanceof Map) ||
    ![...names].every(([k, v]) => typeof k === 'string' && typeof v === 'string' && v !== '')
  ) {
    throw invalid('names', names);
  }
  // An empty map (names off, or a directory that could not be read) is the same as none: IDs, and the IDs' titles.
  return names.size === 0 ? undefined : names;
}

/**
 * Display names for the keys a chart draws: the name when `names` has one, else the key itself. Labels stay
 * unique (a name that equals another key shown gets that ID's tail), so no two series or bars merge.
 */
export function seriesNames(
  keys: readonly string[],
  names: ReadonlyMap<string, string> | undefined,
): Map<string, SeriesName> {
  const out = new Map<string, SeriesName>();
  const taken = new Map<string, number>();
  for (const key of keys) {
    const name = names?.get(key);
    const label = name ?? key;
    taken.set(label, (taken.get(label) ?? 0) + 1);
    out.set(key, { label, id: name === undefined ? undefined : key });
  }
  for (const [key, n] of out) {
    if ((taken.get(n.label) ?? 0) > 1 && n.id !== undefined)
      out.set(key, { label: `${n.label} (…${key.slice(-8)})`, id: key });
  }
  return out;
}

/** The hover line of the ID ("<br>ID: proj_…"), escaped; empty when the key shows as itself. */
export function idHover(name: SeriesName | undefined): string {
  return name?.id === undefined ? '' : `<br>ID: ${escapeLabel(name.id)}`;
}

/** A split's slices as pie slices, named when `names` knows the ID ("Other" stays "Other"). */
export function namedSlices(
  slices: readonly { label: string; value: number }[],
  names: ReadonlyMap<string, string> | undefined,
): PieSlice[] {
  const shown = seriesNames(
    slices.map((s) => s.label),
    names,
  );
  return slices.map((s) => {
    const n = shown.get(s.label);
    return n?.id === undefined ? { label: s.label, value: s.value } : { label: n.label, value: s.value, id: n.id };
  });
}
