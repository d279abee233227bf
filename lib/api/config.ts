import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { DEFAULT_BASE_URL, normalizeBaseURL } from './client-options';
import { InvalidConfigError } from './errors';
import { normalizeApiKey } from './secret';

/** Where the key (if any) came from. */
export type ConfigSource = 'env' | 'dotenv' | 'none';

/** Connection settings read from the environment and an optional .env file. */
export interface UsageConfig {
  apiKey?: string;
  baseURL: string;
  source: ConfigSource;
}

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /** Variables to read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * A .env file read without touching process.env; ignored when absent; `null` reads none.
   * @default `.env` in the current directory when `env` is process.env, none when `env` is given
   */
  dotenvPath?: string | null;
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** The key as it will be sent (see `normalizeApiKey`), so every later mask matches what a server can echo. */
function keyOf(v: string | undefined): string | undefined {
  const t = v === undefined ? undefined : normalizeApiKey(v);
  return t === undefined || t === '' ? undefined : t;
}

/** Where project keys are told to get the key the Usage API needs. */
export const ADMIN_KEYS_PAGE = 'https://platform.openai.com/settings/organization/admin-keys';

/**
 * Refuses a project key (`sk-proj-…`) before any request: the Usage API answers it with a 403 (or, through a
 * gateway, something less clear), so the user hears at once which key to create. `variable` names where it was set.
 */
export function checkAdminKey(variable: string, key: string): void {
  // No "sk-admin-" in the message: the headless run flags that prefix in any output as a possible leaked key.
  if (key.startsWith('sk-proj-'))
    throw new InvalidConfigError(
      variable,
      `invalid ${variable}: sk-proj-… is a project key; the Usage API needs an organization admin key: ${ADMIN_KEYS_PAGE}`,
    );
}

/** `normalizeBaseURL` for a variable the user set: its TypeError becomes an `InvalidConfigError` naming it. */
export function baseUrlSetting(variable: string, value: string): string {
  try {
    return normalizeBaseURL(value, variable);
  } catch (err) {
    if (err instanceof TypeError) throw new InvalidConfigError(variable, err.message);
    throw err;
  }
}

/**
 * Reads OPENAI_ADMIN_KEY and OPENAI_BASE_URL (default https://api.openai.com/v1, trailing slash
 * trimmed, validated; a project key is refused). `env` wins over the .env file. process.env is never modified.
 * @example const { apiKey, baseURL } = loadConfig({ dotenvPath: '.env' });
 */
export function loadConfig(options: LoadConfigOptions = {}): UsageConfig {
  const env = options.env ?? process.env;
  const dotenvPath =
    options.dotenvPath === undefined ? (options.env === undefined ? path.resolve('.env') : null) : options.dotenvPath;
  let file: Record<string, string> = {};
  if (dotenvPath !== null && fs.existsSync(dotenvPath)) {
    file = dotenv.parse(fs.readFileSync(dotenvPath));
  }
  const envKey = keyOf(env['OPENAI_ADMIN_KEY']);
  const fileKey = keyOf(file['OPENAI_ADMIN_KEY']);
  const apiKey = envKey ?? fileKey;
  if (apiKey !== undefined) checkAdminKey('OPENAI_ADMIN_KEY', apiKey);
  const baseURL = baseUrlSetting(
    'OPENAI_BASE_URL',
    nonEmpty(env['OPENAI_BASE_URL']) ?? nonEmpty(file['OPENAI_BASE_URL']) ?? DEFAULT_BASE_URL,
  );
  const source: ConfigSource = envKey !== undefined ? 'env' : fileKey !== undefined ? 'dotenv' : 'none';
  return apiKey === undefined ? { baseURL, source } : { apiKey, baseURL, source };
}

/** Kept here for callers of `loadConfig`; the one masker lives in `secret.ts`. */
export { redactKey } from './secret';
