// Which notebooks a run executes.

/**
 * The notebooks to run: all (sorted) without a name, else the one matching a file name or unique prefix.
 * @example selectNotebooks(['01_a.ipynb', '02_b.ipynb'], '02') // ['02_b.ipynb']
 */
export function selectNotebooks(all: readonly string[], name: string | undefined): string[] {
  const sorted = all.filter((f) => f.endsWith('.ipynb')).sort();
  if (name === undefined) return sorted;
  const wanted = name.endsWith('.ipynb') ? name : `${name}.ipynb`;
  const exact = sorted.filter((f) => f === wanted);
  const hits = exact.length === 1 ? exact : sorted.filter((f) => f.startsWith(name));
  if (hits.length !== 1) throw new Error(`invalid --notebook: ${JSON.stringify(name)} (one of: ${sorted.join(', ')})`);
  return hits;
}
