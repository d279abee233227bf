import type { WireListPage } from '../catalogue/index';
import { EmulatorHttpError, badParam, errorBody } from './http-error';
import type { DirectoryOptions, OrgDirectory } from './org-directory';

const PROJECT_PATH = /^\/v1\/organization\/projects\/([^/]+)\/(api_keys|service_accounts|spend_limit)$/;
const TOP_PATHS = new Set([
  '/v1/organization/projects',
  '/v1/organization/users',
  '/v1/organization/spend_limit',
  '/v1/organization/spend_alerts',
]);
const MISSING_SCOPE = 'You have insufficient permissions for this operation. Missing scopes: api.management.read.';

/**
 * The project ID of a per-project route (`/v1/organization/projects/<id>/api_keys`, …), percent-decoded as the
 * live router does; undefined for other paths and for a malformed escape (which names no project: a 404).
 */
export function projectIdOfPath(pathname: string): string | undefined {
  const segment = PROJECT_PATH.exec(pathname)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** True when `pathname` is one of the directory routes (the caller then calls `answerDirectory`). */
export function isDirectoryPath(pathname: string): boolean {
  return TOP_PATHS.has(pathname) || PROJECT_PATH.test(pathname);
}

function checkParams(params: URLSearchParams, allowed: readonly string[]): void {
  for (const key of new Set(params.keys())) {
    const base = key.endsWith('[]') ? key.slice(0, -2) : key;
    if (!allowed.includes(base))
      throw badParam(key, `Unrecognized request argument supplied: ${key}. Allowed: ${allowed.join(', ')}.`);
  }
}

function listLimit(params: URLSearchParams): number {
  const raw = params.get('limit');
  if (raw === null) return 20;
  if (!/^-?\d{1,9}$/.test(raw.trim()))
    throw badParam('limit', `Invalid type for 'limit': expected an integer, but got ${JSON.stringify(raw)} instead.`);
  const n = Number(raw);
  if (n < 1) throw badParam('limit', `Invalid limit provided: ${n}. Limit must be greater than or equal to 1.`);
  if (n > 100) throw badParam('limit', `Invalid limit provided: ${n}. Limit must be less than or equal to 100.`);
  return n;
}

function flag(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  if (raw === null) return false;
  if (raw !== 'true' && raw !== 'false')
    throw badParam(name, `Invalid value for '${name}': expected true or false, got ${JSON.stringify(raw)}.`);
  return raw === 'true';
}

/** Pages `items` by id: the page after the object `after` (which must exist), at most `limit` long. */
export function listPage<T extends { id: string }>(items: readonly T[], params: URLSearchParams): WireListPage<T> {
  const limit = listLimit(params);
  const after = params.get('after');
  let from = 0;
  if (after !== null) {
    const at = items.findIndex((item) => item.id === after);
    if (at < 0)
      throw badParam('after', `Invalid value for 'after': no object with id ${JSON.stringify(after)} in this list.`);
    from = at + 1;
  }
  const data = items.slice(from, from + limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: from + limit < items.length,
  };
}

function arrayParam(params: URLSearchParams, name: string): string[] | undefined {
  const raw = [...params.getAll(name), ...params.getAll(`${name}[]`)];
  return raw.length === 0
    ? undefined
    : raw
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== '');
}

/**
 * Answers a directory route with its JSON body: projects (`include_archived`), users (`emails[]`), a project's
 * api_keys, service_accounts and spend_limit, and the organization's spend_limit and spend_alerts. Read only.
 */
export function answerDirectory(
  dir: OrgDirectory,
  options: DirectoryOptions,
  pathname: string,
  search: string,
): string {
  if (options.fail === 'forbidden')
    throw new EmulatorHttpError(
      403,
      errorBody(MISSING_SCOPE, 'invalid_request_error', null, 'insufficient_permissions'),
    );
  if (options.fail === 'server-error') {
    throw new EmulatorHttpError(
      500,
      errorBody('The server had an error while processing your request. Sorry about that!', 'server_error'),
    );
  }
  const params = new URLSearchParams(search);
  if (pathname === '/v1/organization/projects') {
    checkParams(params, ['limit', 'after', 'include_archived']);
    const all = flag(params, 'include_archived');
    return JSON.stringify(listPage(all ? dir.projects : dir.projects.filter((p) => p.status === 'active'), params));
  }
  if (pathname === '/v1/organization/users') {
    checkParams(params, ['limit', 'after', 'emails']);
    const emails = arrayParam(params, 'emails');
    return JSON.stringify(
      listPage(emails === undefined ? dir.users : dir.users.filter((u) => emails.includes(u.email)), params),
    );
  }
  if (pathname === '/v1/organization/spend_limit') {
    checkParams(params, []);
    return JSON.stringify(dir.spendLimit);
  }
  if (pathname === '/v1/organization/spend_alerts') {
    checkParams(params, ['limit', 'after', 'order']);
    const order = params.get('order') ?? 'asc';
    if (order !== 'asc' && order !== 'desc')
      throw badParam(
        'order',
        `Invalid value for 'order': ${JSON.stringify(order)}. Supported values are: 'asc', 'desc'.`,
      );
    return JSON.stringify(listPage(order === 'asc' ? dir.spendAlerts : [...dir.spendAlerts].reverse(), params));
  }
  const match = PROJECT_PATH.exec(pathname);
  const projectId = projectIdOfPath(pathname) ?? match?.[1] ?? '';
  const project = dir.projects.find((p) => p.id === projectId);
  if (match === null || project === undefined) {
    throw new EmulatorHttpError(
      404,
      errorBody(`No project found with id '${projectId}'.`, 'invalid_request_error', null, 'not_found'),
    );
  }
  if (match[2] === 'spend_limit') {
    checkParams(params, []);
    const limit = dir.projectSpendLimits.get(project.id);
    if (limit === undefined) {
      throw new EmulatorHttpError(
        404,
        errorBody(
          `No spend limit is configured for project '${project.id}'.`,
          'invalid_request_error',
          null,
          'not_found',
        ),
      );
    }
    return JSON.stringify(limit);
  }
  checkParams(params, match[2] === 'api_keys' ? ['limit', 'after', 'owner_project_access'] : ['limit', 'after']);
  if (match[2] === 'api_keys') return JSON.stringify(listPage(dir.apiKeys.get(project.id) ?? [], params));
  return JSON.stringify(listPage(dir.serviceAccounts.get(project.id) ?? [], params));
}
