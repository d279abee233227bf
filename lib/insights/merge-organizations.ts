/**
 * Rows of several organizations in one list, each with its `organization` first.
 * @example mergeOrganizations([{ organization: 'acme', rows: [{ usd: 1 }] }, { organization: 'globex', rows: [{ usd: 2 }] }])
 * // [{ organization: 'acme', usd: 1 }, { organization: 'globex', usd: 2 }]
 */
export function mergeOrganizations<T extends object>(
  parts: readonly { organization: string; rows: readonly T[] }[],
): (T & { organization: string })[] {
  const names = new Set<string>();
  for (const p of parts) {
    if (typeof p.organization !== 'string' || p.organization === '')
      throw new RangeError(`invalid organization: ${JSON.stringify(p.organization)}`);
    if (names.has(p.organization))
      throw new RangeError(`invalid organization: ${JSON.stringify(p.organization)} (given twice)`);
    names.add(p.organization);
  }
  return parts.flatMap((p) => p.rows.map((r) => ({ organization: p.organization, ...r })));
}
