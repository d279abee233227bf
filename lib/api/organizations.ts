import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { DEFAULT_BASE_URL } from './client-options';
import { baseUrlSetting, checkAdminKey, type LoadConfigOptions } from './config';
import { organizationIdSetting, organizationIdVariable } from './organization-id';

/** One organization to read: its configured name, its admin key and base URL, and where each came from. */
export interface OrganizationConfig {
  /** `<NAME>` as written in `OPENAI_ADMIN_KEY_<NAME>`, or "default" for `OPENAI_ADMIN_KEY`. */
  name: string;
  apiKey: string;
  baseURL: string;
  source: 'env' | 'dotenv';
  /** The variable holding the key (`OPENAI_ADMIN_KEY_<NAME>`), named in errors about it. */
  keyVariable: string;
  /** The variable that set the base URL (`OPENAI_BASE_URL_<NAME>` or `OPENAI_BASE_URL`), named in errors about it. */
  baseUrlVariable: string;
  /**
   * `OPENAI_ORG_ID_<NAME>` (`OPENAI_ORG_ID` for "default"): the organization's ID when its server sends no
   * `openai-organization` header (a gateway that strips it).
   */
  organizationId?: string;
}

const PREFIX = 'OPENAI_ADMIN_KEY';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** Order of configured names: case-insensitive, so `Acme` and `beta` sort as people expect (names never tie). */
export function compareOrganizationNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every organization configured: `OPENAI_ADMIN_KEY_<NAME>` (and `OPENAI_ADMIN_KEY` as "default") from the environment
 * or the .env file, the environment winning per variable; base URL `OPENAI_BASE_URL_<NAME>`, else `OPENAI_BASE_URL`;
 * ID fallback `OPENAI_ORG_ID_<NAME>`. Names as written; two names equal but for case are refused (`--organizations`
 * matches names case-insensitively). Sorted by name; empty when no key is set (demo mode). Keys are never part of an
 * error message.
 * @example loadOrganizations({ dotenvPath: '.env' }).map((o) => o.name) // ['EU', 'US']
 */
export function loadOrganizations(options: LoadConfigOptions = {}): OrganizationConfig[] {
  const env = options.env ?? process.env;
  const dotenvPath =
    options.dotenvPath === undefined ? (options.env === undefined ? path.resolve('.env') : null) : options.dotenvPath;
  const file: Record<string, string> =
    dotenvPath !== null && fs.existsSync(dotenvPath) ? dotenv.parse(fs.readFileSync(dotenvPath)) : {};
  const read = (name: string): { value: string; source: 'env' | 'dotenv' } | undefined => {
    const e = nonEmpty(env[name]);
    if (e !== undefined) return { value: e, source: 'env' };
    const f = nonEmpty(file[name]);
    return f === undefined ? undefined : { value: f, source: 'dotenv' };
  };
  const names = new Set<string>();
  for (const variable of [...Object.keys(env), ...Object.keys(file)]) {
    if (variable === PREFIX || !variable.startsWith(`${PREFIX}_`)) continue;
    const suffix = variable.slice(PREFIX.length + 1);
    if (!NAME.test(suffix))
      throw new RangeError(
        `invalid organization name: ${JSON.stringify(suffix)} in ${PREFIX}_<NAME> (letters, digits and _)`,
      );
    names.add(suffix);
  }
  const out: OrganizationConfig[] = [];
  const seen = new Map<string, string>();
  const add = (name: string, keyVar: string, urlVar: string): void => {
    const key = read(keyVar);
    if (key === undefined) return;
    const folded = name.toLowerCase();
    const other = seen.get(folded);
    if (other !== undefined)
      throw new RangeError(
        `invalid organization name: ${JSON.stringify(name)} (${JSON.stringify(other)} is configured too; names are matched case-insensitively)`,
      );
    seen.set(folded, name);
    checkAdminKey(keyVar, key.value);
    const own = read(urlVar);
    const shared = own === undefined ? read('OPENAI_BASE_URL') : undefined;
    const url = own?.value ?? shared?.value ?? DEFAULT_BASE_URL;
    const urlName = own !== undefined ? urlVar : 'OPENAI_BASE_URL';
    const idVar = organizationIdVariable(name);
    const id = read(idVar);
    out.push({
      name,
      apiKey: key.value,
      baseURL: baseUrlSetting(urlName, url),
      source: key.source,
      keyVariable: keyVar,
      baseUrlVariable: urlName,
      ...(id === undefined ? {} : { organizationId: organizationIdSetting(idVar, id.value) }),
    });
  };
  add('default', PREFIX, 'OPENAI_BASE_URL');
  for (const n of names) add(n, `${PREFIX}_${n}`, `OPENAI_BASE_URL_${n}`);
  return out.sort((a, b) => compareOrganizationNames(a.name, b.name));
}

/**
 * The organizations a `--organizations a,b` list picks, matched case-insensitively, in configured order; every
 * organization when `list` is undefined. An unknown or empty name is refused before any request, naming the flag and
 * what is configured.
 * @example selectOrganizations(configs, 'ACME') // [the "acme" organization]
 */
export function selectOrganizations<T extends { name: string }>(
  configured: readonly T[],
  list: string | undefined,
  flag = '--organizations',
): T[] {
  if (list === undefined) return [...configured];
  const asked = list.split(',').map((n) => n.trim());
  const known = configured.map((c) => c.name).join(', ');
  const picked = new Set<T>();
  for (const name of asked) {
    const match = configured.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (match === undefined)
      throw new RangeError(
        `invalid ${flag}: ${name === '' ? JSON.stringify(list) : name} (configured: ${known === '' ? 'none' : known})`,
      );
    picked.add(match);
  }
  return configured.filter((c) => picked.has(c));
}
