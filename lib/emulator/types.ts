/** Public option and handle types of the emulator. */

/** Size knobs of the synthetic organization. Every field is optional; defaults give a demo-sized org. */
export interface DatasetOptions {
  /**
   * Number of projects (the first one dominates with ~60% of requests); 0 gives an organization without traffic.
   * @default 8 (the length of `projectIds` when given)
   */
  projects?: number;
  /** The projects' IDs instead of generated `proj_…` ones (any text, distinct): hostile IDs reach every path. */
  projectIds?: readonly string[];
  /** Number of users, spread over the projects. @default 24 */
  users?: number;
  /** Number of API keys; every project gets at least one. @default 20 */
  apiKeys?: number;
  /**
   * Number of completions streams (distinct key/user/model/batch/tier combinations). Raise it to get more
   * result rows per grouped bucket (roughly 0.6 active streams per hour on average). @default 120
   */
  streams?: number;
  /** Multiplies every volume (requests, tokens, images…). @default 1 */
  scale?: number;
}

/** Faults to inject. Counted faults apply to the next `count` requests, then stop. */
export interface FaultPlan {
  /** N x 429 in the error envelope, with `Retry-After` (seconds, or an HTTP date) and/or `retry-after-ms`. */
  rateLimit?: { count: number; retryAfterSeconds?: number; retryAfterMs?: number; retryAfterDate?: boolean };
  /** N x 500 (or the given 5xx status) in the error envelope. */
  serverError?: { count: number; status?: number };
  /** Delay added to every request before it is answered. @unit milliseconds */
  latencyMs?: number;
  /** N x 200 whose JSON body is cut in the middle. */
  truncatedBody?: { count: number };
  /** N x 200 with a text/plain body that is not JSON. */
  nonJsonBody?: { count: number };
  /** N x 502 with an HTML page, as a proxy in front of the API would send. */
  htmlBadGateway?: { count: number };
  /** N requests wait `ms` before any header is sent (to trigger client timeouts). */
  hangMs?: { count: number; ms: number };
  /** Token bucket (burst = max(1, rate)); excess requests get 429 with `Retry-After`. */
  requestsPerSecond?: number;
  /** N requests whose connection is destroyed before any byte of an answer (a reset). */
  connectionReset?: { count: number };
  /** N x 200 whose headers go at once and whose body follows `chunkBytes` at a time every `chunkMs`. */
  trickle?: { count: number; chunkMs: number; chunkBytes?: number };
  /** After `afterPages` usage or costs pages answered 200, later pages serve `revision` (buckets revised between pages). */
  reviseBetweenPages?: { afterPages: number; revision: BucketRevision };
}

/** How a project key (`sk-proj-…`, no api.usage.read scope) is refused; all three were seen live. */
export type ProjectKeyErrorStyle = 'envelope-403' | 'bare-string-403' | 'envelope-401';

export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Accepted admin keys. @default one random `sk-admin-demo-<hex>` (read it from `.adminKey`) */
  adminKeys?: string[];
  /** Seed of the synthetic organization: same seed, same data. @default 42 */
  seed?: number;
  /**
   * The organization's identifier, sent as the `openai-organization` header of every response the API itself gives
   * (not on a 401/403 for an unknown key, nor from a failing proxy), as the real API does. Live it is the
   * organization's slug: `user-` and 24 characters for a personal organization, `<name>-<6 characters>` otherwise.
   * Printable ASCII without spaces, at most 128 characters. @default `user-…` derived from `seed`
   */
  organizationId?: string;
  /** "Now" in Unix seconds: the default `end_time`; no usage exists after it. @default the real clock */
  now?: () => number;
  /** Size knobs of the synthetic organization. */
  dataset?: DatasetOptions;
  /** Faults active from the start (see `setFaults`). */
  faults?: FaultPlan;
  /** Emit costs `amount.value` as numeric strings, a quirk seen live (same as `amountFormat: 'string'`). @default false */
  amountAsString?: boolean;
  /** How costs `amount.value` is written; 'decimal128' gives "0E-6176" and 39-digit strings. @default 'number' */
  amountFormat?: 'number' | 'string' | 'decimal128';
  /**
   * From when (Unix s) costs may be grouped by api_key_id, and user_id combined with project_id or line_item; earlier
   * start times get the live 400 on start_time. @default 1764979200 (2025-12-06)
   */
  groupingSince?: number;
  /** Buckets starting before this (Unix s) omit the cache-write TTL fields, as older live buckets do. @default 1754006400 (2025-08-01) */
  newFieldsSince?: number;
  /** Quirks seen in live bodies, all off by default. */
  quirks?: ResponseQuirks;
  /**
   * Share (0..1) of image usage that `/usage/images` does not report while costs still bill it: usage and costs
   * disagree this way live. @default 0
   */
  imageUsageGap?: number;
  /** How project keys are refused. @default 'bare-string-403' */
  projectKeyErrorStyle?: ProjectKeyErrorStyle;
  /** The admin directory (projects, users, keys, spend limits): hostile names, failing calls. */
  directory?: DirectoryOptions;
  /** Serve buckets as the API does after revising them (closed buckets change after the fact). */
  revision?: BucketRevision;
  /**
   * Keep the body of every 200 sent in full (pages and directory lists) in `requests[].body`, so that a test can
   * sum what the server sent without trusting the client. @default false
   */
  recordBodies?: boolean;
}

/**
 * A revision of past buckets: every bucket starting in [start, end) has its metrics (and cost amounts)
 * multiplied by `scale` (rounded for counts) and loses the results of project `dropProjectId`.
 */
export interface BucketRevision {
  /** @unit Unix seconds */
  start: number;
  /** @unit Unix seconds */
  end: number;
  scale: number;
  dropProjectId?: string;
}

/** Shapes live bodies have had beyond the schema (see test/fixtures/real-responses). */
export interface ResponseQuirks {
  /** Buckets carry `start_time_iso` / `end_time_iso`. */
  bucketIsoTimes?: boolean;
  /** Costs results carry `organization_id`, `project_name` and `user_email`. */
  extraCostKeys?: boolean;
  /** Costs results give `quantity` without a `quantity_unit` key. */
  quantityWithoutUnit?: boolean;
}

/** One served request, as recorded by the emulator (never includes headers or keys). */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw query string without the leading `?`. */
  query: string;
  status: number;
  /** Wall-clock time the request arrived. @unit milliseconds since the epoch */
  at: number;
  /** The 200 body sent in full (with `recordBodies` only). */
  body?: string;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseURL: string;
  readonly port: number;
  /** The first accepted admin key. */
  readonly adminKey: string;
  /** What the `openai-organization` header carries (option `organizationId`, or the one derived from the seed). */
  readonly organizationId: string;
  /** Replaces the fault plan; counted faults decrement per affected request. */
  setFaults(plan: FaultPlan): void;
  readonly requests: ReadonlyArray<RecordedRequest>;
  resetRequests(): void;
  close(): Promise<void>;
}

/** Options of the directory (emulator option `directory`). */
export interface DirectoryOptions {
  /**
   * Give one project, one user and one key names made of markup, bidi overrides and `__proto__`, to prove every
   * label is inert. @default false
   */
  hostileNames?: boolean;
  /**
   * Give projects 2–5 IDs that valid JSON can hold but a URL path carries only encoded or not at all (`ODD_PROJECT_IDS`:
   * an apostrophe, parentheses, quotes and non-ASCII; `..`; a slash; empty), in the directory and in the usage alike.
   * @default false
   */
  oddProjectIds?: boolean;
  /** Make every directory call fail: 403 (a key without the management scope) or 500. @default none */
  fail?: 'forbidden' | 'server-error';
  /** The projects' names in project order (any text, duplicates allowed) instead of the built-in ones. */
  projectNames?: readonly string[];
}
