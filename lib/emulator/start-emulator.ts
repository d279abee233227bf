import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CATALOGUE, ENDPOINTS, type EndpointSpec } from '../catalogue/index';
import { boundedCache, type BoundedCache } from './bounded-cache';
import { buildPage } from './build-page';
import { checkAuth } from './check-auth';
import { createDataSource } from './data-source';
import { answerDirectory, isDirectoryPath } from './directory-routes';
import { hashId } from './hash-random';
import { createFaultState, type CannedResponse, type FaultAction } from './fault-state';
import { EmulatorHttpError, errorBody } from './http-error';
import { buildOrgDirectory } from './org-directory';
import { parseQuery, type QueryRules } from './parse-query';
import type { ShapeOptions } from './shape-result';
import type { BucketRevision, EmulatorOptions, RecordedRequest, RunningEmulator } from './types';

const ROUTES = new Map<string, EndpointSpec>(Object.values(ENDPOINTS).map((spec) => [`/v1${spec.path}`, spec]));

/** When the cache-write TTL fields start to appear in the emulator's buckets (2025-08-01). */
const DEFAULT_NEW_FIELDS_SINCE = 1754006400;

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Header-safe: printable ASCII without spaces (what a slug or an `org-…` ID is made of). */
const ORGANIZATION_ID = /^[\x21-\x7e]{1,128}$/;

/** A personal organization's slug, as the real API sends it (`user-` and 24 lowercase letters and digits). */
function defaultOrganizationId(seed: number): string {
  return `user-${hashId(24, seed, 0x0e9a).toLowerCase()}`;
}

function validateOptions(o: EmulatorOptions): void {
  if (o.organizationId !== undefined && !ORGANIZATION_ID.test(o.organizationId))
    throw new RangeError(
      `invalid organizationId: ${JSON.stringify(o.organizationId)} (printable ASCII without spaces, 1-128 characters)`,
    );
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535))
    throw new RangeError(`invalid port: ${o.port}`);
  if (o.adminKeys !== undefined && (o.adminKeys.length === 0 || o.adminKeys.some((k) => !/^\S+$/.test(k)))) {
    throw new RangeError('invalid adminKeys: expected non-empty keys without spaces');
  }
  for (const name of ['groupingSince', 'newFieldsSince'] as const) {
    const v = o[name];
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      throw new RangeError(`invalid ${name}: ${v} (expected Unix seconds)`);
  }
  const gap = o.imageUsageGap;
  if (gap !== undefined && !(gap >= 0 && gap <= 1))
    throw new RangeError(`invalid imageUsageGap: ${gap} (expected 0..1)`);
  const format = o.amountFormat;
  if (format !== undefined && !['number', 'string', 'decimal128'].includes(format))
    throw new RangeError(`invalid amountFormat: ${format}`);
  const style = o.projectKeyErrorStyle;
  if (style !== undefined && !['envelope-403', 'bare-string-403', 'envelope-401'].includes(style))
    throw new RangeError(`invalid projectKeyErrorStyle: ${style}`);
  const fail = o.directory?.fail;
  if (fail !== undefined && fail !== 'forbidden' && fail !== 'server-error')
    throw new RangeError(`invalid directory.fail: ${String(fail)} (forbidden or server-error)`);
}

/**
 * Starts a local emulator of the OpenAI organization Usage and Costs API on 127.0.0.1.
 * @example
 * const emu = await startEmulator({ seed: 7 });
 * // GET `${emu.baseURL}/organization/costs?start_time=…` with `Authorization: Bearer ${emu.adminKey}`
 * await emu.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  validateOptions(options);
  const adminKeys = options.adminKeys ?? [`sk-admin-demo-${randomBytes(16).toString('hex')}`];
  const keySet = new Set(adminKeys);
  const organizationId = options.organizationId ?? defaultOrganizationId(options.seed ?? 42);
  const source = createDataSource(
    options.seed ?? 42,
    options.dataset,
    options.imageUsageGap ?? 0,
    options.directory?.oddProjectIds === true,
  );
  const finishedBuckets = boundedCache<string>(50_000);
  // Buckets revised between pages are cached apart, per revision (a fault plan's revision is one object).
  const revisedBuckets = new WeakMap<BucketRevision, BoundedCache<string>>();
  const cacheOf = (revision: BucketRevision | undefined): BoundedCache<string> => {
    if (revision === undefined || revision === options.revision) return finishedBuckets;
    let cache = revisedBuckets.get(revision);
    if (cache === undefined) {
      cache = boundedCache<string>(50_000);
      revisedBuckets.set(revision, cache);
    }
    return cache;
  };
  const faults = createFaultState(options.faults ?? {});
  const now = options.now ?? ((): number => Date.now() / 1000);
  const style = options.projectKeyErrorStyle ?? 'bare-string-403';
  const quirks = options.quirks ?? {};
  const directoryOptions = options.directory ?? {};
  const directory = buildOrgDirectory(source.org, directoryOptions);
  // The extra cost keys carry the directory's names, so both agree (as they do live).
  const projectNames = new Map(directory.projects.map((p) => [p.id, p.name]));
  const userEmails = new Map(directory.users.map((u) => [u.id, u.email]));
  const shape: ShapeOptions = {
    amountFormat: options.amountFormat ?? (options.amountAsString === true ? 'string' : 'number'),
    newFieldsSince: options.newFieldsSince ?? DEFAULT_NEW_FIELDS_SINCE,
    extraCostKeys: quirks.extraCostKeys ?? false,
    quantityWithoutUnit: quirks.quantityWithoutUnit ?? false,
    bucketIsoTimes: quirks.bucketIsoTimes ?? false,
    names: {
      organizationId: `org-${source.org.projects[0]?.id.slice(5, 29) ?? 'emulator'}`,
      projectName: (id) => projectNames.get(id) ?? id,
      userEmail: (id) => userEmails.get(id) ?? `${id}@example.com`,
    },
  };
  const rules: QueryRules = { groupingSince: options.groupingSince ?? CATALOGUE.costs.groupingCutoff.since };
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  /** Answers a request: the directory's or a page's JSON text (the page flag set for usage and costs pages). */
  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    search: string,
  ): { body: string; page: boolean } => {
    const method = req.method ?? 'GET';
    if (method !== 'GET') {
      throw new EmulatorHttpError(
        405,
        errorBody(`Method ${method} not allowed on ${pathname}; only GET is supported.`, 'invalid_request_error'),
      );
    }
    checkAuth(req.headers.authorization, keySet, style);
    // Known once the key is: every later answer (a page, a directory list, a 400 or 404) names the organization.
    res.setHeader('openai-organization', organizationId);
    if (isDirectoryPath(pathname))
      return { body: answerDirectory(directory, directoryOptions, pathname, search), page: false };
    const spec = ROUTES.get(pathname);
    if (spec === undefined) {
      throw new EmulatorHttpError(404, errorBody(`Invalid URL (${method} ${pathname})`, 'invalid_request_error'));
    }
    const revision = faults.revision() ?? options.revision;
    const body = buildPage(source, spec, parseQuery(spec, search, rules), now(), shape, cacheOf(revision), revision);
    return { body, page: true };
  };

  /** Sends a 200 body whole, cut in half, or slowly; records the page once it went out in full. */
  const deliver = async (
    res: ServerResponse,
    body: string,
    page: boolean,
    action: FaultAction,
    recorded: RecordedRequest,
  ): Promise<void> => {
    if (page) faults.pageServed();
    const full = action.replace !== 'truncate';
    const text = full ? body : body.slice(0, Math.floor(body.length / 2));
    if (full && options.recordBodies === true) res.once('finish', () => (recorded.body = body));
    const trickle = action.trickle;
    if (trickle === null) {
      send(res, 200, 'application/json', text);
      return;
    }
    const bytes = Buffer.from(text);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
    for (let at = 0; at < bytes.length; at += trickle.chunkBytes) {
      if (res.destroyed || res.writableEnded) return;
      const chunk = bytes.subarray(at, at + trickle.chunkBytes);
      // The last chunk ends the response, so the answer is finished (and recorded) once the client has it all.
      if (at + trickle.chunkBytes >= bytes.length) res.end(chunk);
      else {
        res.write(chunk);
        await wait(trickle.chunkMs);
      }
    }
    if (bytes.length === 0 && !res.destroyed) res.end();
  };

  const server = createServer((req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    res.setHeader('x-request-id', `req_${randomBytes(16).toString('hex')}`);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 0,
      at,
    };
    // Recorded once its answer is handed to the socket ('finish'), so a client holding the whole answer finds it
    // recorded; or when the connection ends without one ('close').
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      recorded.status = res.statusCode;
      requests.push(recorded);
    };
    res.on('finish', settle);
    res.on('close', settle);
    const action = faults.next();
    void wait(action.delayMs).then(async () => {
      const replace = action.replace;
      if (replace === 'reset') {
        req.socket.destroy();
        return;
      }
      if (replace !== null && replace !== 'truncate') {
        const canned: CannedResponse = replace;
        // A 429 or 5xx envelope comes from the API (which names the organization); an HTML or text page from a proxy.
        const fromApi = canned.contentType === 'application/json';
        const headers = fromApi ? { ...canned.headers, 'openai-organization': organizationId } : canned.headers;
        send(res, canned.status, canned.contentType, canned.body, headers);
        return;
      }
      let answered: { body: string; page: boolean };
      try {
        answered = answer(req, res, url.pathname, url.search);
      } catch (error) {
        if (error instanceof EmulatorHttpError) {
          send(
            res,
            error.status,
            'application/json',
            JSON.stringify(error.body),
            error.status === 405 ? { allow: 'GET' } : {},
          );
        } else {
          send(
            res,
            500,
            'application/json',
            JSON.stringify(errorBody('The emulator failed to process the request.', 'server_error')),
          );
        }
        return;
      }
      await deliver(res, answered.body, answered.page, action, recorded);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    baseURL: `http://${urlHost}:${address.port}/v1`,
    port: address.port,
    adminKey: adminKeys[0] ?? '',
    organizationId,
    setFaults: (plan) => faults.setPlan(plan),
    requests,
    resetRequests: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
