import { isJsonObject } from '../shared/index';
import { MalformedResponseError } from './errors';

/**
 * Parsed directory objects: plain data (JSON- and table-friendly), camelCase, null where the API gave nothing.
 * Converted once from the wire objects (`lib/catalogue/directory-wire.ts`); unknown extra fields are ignored.
 */
export interface DirectoryProject {
  id: string;
  name: string | null;
  /** Unix seconds. */
  createdAt: number;
  archivedAt: number | null;
  archived: boolean;
}

export interface DirectoryUser {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  addedAt: number;
}

export interface DirectoryServiceAccount {
  id: string;
  projectId: string;
  name: string | null;
  role: string | null;
  createdAt: number;
}

export interface DirectoryApiKey {
  id: string;
  projectId: string;
  name: string | null;
  redactedValue: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  ownerType: 'user' | 'service_account' | null;
  /** The owning user's or service account's id. */
  ownerId: string | null;
  ownerName: string | null;
  /** Users only. */
  ownerEmail: string | null;
}

type Json = Record<string, unknown>;

function bad(path: string, detail: string): never {
  throw new MalformedResponseError(detail, path);
}

function object(v: unknown, path: string, kind?: string): Json {
  if (!isJsonObject(v)) bad(path, `expected an object, got ${JSON.stringify(v)}`);
  if (kind !== undefined && v['object'] !== kind)
    bad(`${path}.object`, `expected "${kind}", got ${JSON.stringify(v['object'])}`);
  return v;
}

// Any string: an ID is only compared and shown (escaped), never trusted; one no path can carry (empty, "..") costs
// that project's key names (see pathSegment), not the whole directory.
function id(o: Json, path: string): string {
  const v = o['id'];
  if (typeof v !== 'string') bad(`${path}.id`, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function text(o: Json, name: string, path: string): string | null {
  const v = o[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') bad(`${path}.${name}`, `expected a string or null, got ${JSON.stringify(v)}`);
  return v;
}

function time(o: Json, name: string, path: string, nullable: boolean): number | null {
  const v = o[name];
  if ((v === undefined || v === null) && nullable) return null;
  if (typeof v !== 'number' || !Number.isFinite(v))
    bad(`${path}.${name}`, `expected Unix seconds, got ${JSON.stringify(v)}`);
  return v;
}

/** One page of an admin list: the items and the cursor of the next page (null when there is none). */
export function parseListPage(body: unknown): { data: unknown[]; next: string | null } {
  const page = object(body, '$', 'list');
  if (!Array.isArray(page['data'])) bad('$.data', 'expected an array');
  if (typeof page['has_more'] !== 'boolean')
    bad('$.has_more', `expected a boolean, got ${JSON.stringify(page['has_more'])}`);
  if (!page['has_more']) return { data: page['data'], next: null };
  const last = page['last_id'];
  if (typeof last !== 'string' || last === '')
    bad('$.last_id', `has_more is true but last_id is ${JSON.stringify(last)}`);
  return { data: page['data'], next: last };
}

export function parseProject(v: unknown, path: string): DirectoryProject {
  const o = object(v, path, 'organization.project');
  const archivedAt = time(o, 'archived_at', path, true);
  return {
    id: id(o, path),
    name: text(o, 'name', path),
    createdAt: time(o, 'created_at', path, false) ?? 0,
    archivedAt,
    archived: text(o, 'status', path) === 'archived' || archivedAt !== null,
  };
}

export function parseUser(v: unknown, path: string): DirectoryUser {
  const o = object(v, path, 'organization.user');
  return {
    id: id(o, path),
    name: text(o, 'name', path),
    email: text(o, 'email', path),
    role: text(o, 'role', path),
    addedAt: time(o, 'added_at', path, false) ?? 0,
  };
}

export function parseServiceAccount(v: unknown, path: string, projectId: string): DirectoryServiceAccount {
  const o = object(v, path, 'organization.project.service_account');
  return {
    id: id(o, path),
    projectId,
    name: text(o, 'name', path),
    role: text(o, 'role', path),
    createdAt: time(o, 'created_at', path, false) ?? 0,
  };
}

export function parseApiKey(v: unknown, path: string, projectId: string): DirectoryApiKey {
  const o = object(v, path, 'organization.project.api_key');
  const owner = o['owner'] === undefined || o['owner'] === null ? {} : object(o['owner'], `${path}.owner`);
  const type = owner['type'];
  if (type !== undefined && type !== 'user' && type !== 'service_account')
    bad(`${path}.owner.type`, `expected user or service_account, got ${JSON.stringify(type)}`);
  const who = type === undefined ? undefined : owner[type];
  const ownerObj = who === undefined || who === null ? undefined : object(who, `${path}.owner.${String(type)}`);
  return {
    id: id(o, path),
    projectId,
    name: text(o, 'name', path),
    redactedValue: text(o, 'redacted_value', path),
    createdAt: time(o, 'created_at', path, false) ?? 0,
    lastUsedAt: time(o, 'last_used_at', path, true),
    ownerType: type ?? null,
    ownerId: ownerObj === undefined ? null : id(ownerObj, `${path}.owner.${String(type)}`),
    ownerName: ownerObj === undefined ? null : text(ownerObj, 'name', `${path}.owner.${String(type)}`),
    ownerEmail: ownerObj === undefined || type !== 'user' ? null : text(ownerObj, 'email', `${path}.owner.user`),
  };
}
