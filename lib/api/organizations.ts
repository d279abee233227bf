import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { DEFAULT_BASE_URL } from './client-options';
import { baseUrlSetting, checkAdminKey, type LoadConfigOptions } from './config';

/** One organization to read: a display name, its admin key and base URL. */
export interface OrganizationConfig {
  /** Lower-case name from `OPENAI_ADMIN_KEY_<NAME>`, or "default" for `OPENAI_ADMIN_KEY`. */
  name: string;
  apiKey: string;
  baseURL: string;
  source: 'env' | 'dotenv';
}

const PREFIX = 'OPENAI_ADMIN_KEY';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/**
 * Every organization configured: `OPENAI_ADMIN_KEY_<NAME>` (and `OPENAI_ADMIN_KEY` as "default") from the environment
 * or the .env file, the environment winning per variable; base URL `OPENAI_BASE_URL_<NAME>`, else `OPENAI_BASE_URL`.
 * Sorted by name; empty when no key is set (demo mode). Keys are never part of an error message.
 * @example loadOrganizations({ dotenvPath: '.env' }).map((o) => o.name) // ['eu', 'us']
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
  const seen = new Set<string>();
  const add = (name: string, keyVar: string, urlVar: string): void => {
    const key = read(keyVar);
    if (key === undefined) return;
    const display = name.toLowerCase();
    if (seen.has(display))
      throw new RangeError(
        `invalid organization name: ${JSON.stringify(name)} (two variables give the name ${JSON.stringify(display)})`,
      );
    seen.add(display);
    checkAdminKey(keyVar, key.value);
    const own = read(urlVar);
    const shared = own === undefined ? read('OPENAI_BASE_URL') : undefined;
    const url = own?.value ?? shared?.value ?? DEFAULT_BASE_URL;
    const urlName = own !== undefined ? urlVar : 'OPENAI_BASE_URL';
    out.push({ name: display, apiKey: key.value, baseURL: baseUrlSetting(urlName, url), source: key.source });
  };
  add('default', PREFIX, 'OPENAI_BASE_URL');
  for (const n of names) add(n, `${PREFIX}_${n}`, `OPENAI_BASE_URL_${n}`);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
