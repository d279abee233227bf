import type { BucketRevision, FaultPlan } from './types';

/** What to do to one request. */
export interface FaultAction {
  /** Wait before anything is sent. @unit milliseconds */
  delayMs: number;
  /**
   * A canned response replacing the real one, 'truncate' to cut the real 200 body, 'reset' to destroy the
   * connection without an answer.
   */
  replace: CannedResponse | 'truncate' | 'reset' | null;
  /** Send a real 200 body slowly, `chunkBytes` every `chunkMs`. */
  trickle: { chunkMs: number; chunkBytes: number } | null;
}

export interface CannedResponse {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string;
}

function envelope(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

const FAULT_KINDS = [
  'rateLimit',
  'serverError',
  'truncatedBody',
  'nonJsonBody',
  'htmlBadGateway',
  'hangMs',
  'connectionReset',
  'trickle',
] as const;
type CountedFault = (typeof FAULT_KINDS)[number];

function validateCount(name: string, value: { count: number } | undefined): void {
  if (value !== undefined && (!Number.isInteger(value.count) || value.count < 0))
    throw new RangeError(`invalid faults.${name}.count: ${value.count}`);
}

/** Checks a plan and deep-copies it (counts are decremented on the copy). */
function clonePlan(plan: FaultPlan): FaultPlan {
  for (const name of FAULT_KINDS) validateCount(name, plan[name]);
  const trickle = plan.trickle;
  if (trickle !== undefined && !(trickle.chunkMs >= 0 && (trickle.chunkBytes ?? 1) >= 1))
    throw new RangeError(`invalid faults.trickle: ${JSON.stringify(trickle)}`);
  const revise = plan.reviseBetweenPages;
  if (revise !== undefined && !(Number.isInteger(revise.afterPages) && revise.afterPages >= 0))
    throw new RangeError(`invalid faults.reviseBetweenPages.afterPages: ${revise.afterPages}`);
  const status = plan.serverError?.status;
  if (status !== undefined && (!Number.isInteger(status) || status < 500 || status > 599))
    throw new RangeError(`invalid faults.serverError.status: ${status}`);
  const rps = plan.requestsPerSecond;
  if (rps !== undefined && !(rps > 0)) throw new RangeError(`invalid faults.requestsPerSecond: ${rps}`);
  return structuredClone(plan);
}

/** Fault injection state of one emulator. */
export interface FaultState {
  setPlan(next: FaultPlan): void;
  /** Decides (and consumes) the faults of the next request. */
  next(): FaultAction;
  /** Counts a usage or costs page answered 200 (for `reviseBetweenPages`). */
  pageServed(): void;
  /** The revision later pages get, once `reviseBetweenPages` is due. */
  revision(): BucketRevision | undefined;
}

/** Creates the fault state: a plan whose counted faults are consumed request by request. */
export function createFaultState(initial: FaultPlan, clockMs: () => number = Date.now): FaultState {
  let plan = clonePlan(initial);
  let tokens = Math.max(1, plan.requestsPerSecond ?? 1);
  let refilledAt = clockMs();
  let pages = 0;
  const take = (key: CountedFault): boolean => {
    const fault = plan[key];
    if (fault === undefined || fault.count <= 0) return false;
    fault.count -= 1;
    return true;
  };
  return {
    setPlan(next: FaultPlan): void {
      plan = clonePlan(next);
      tokens = Math.max(1, plan.requestsPerSecond ?? 1);
      refilledAt = clockMs();
      pages = 0;
    },
    pageServed(): void {
      pages += 1;
    },
    revision(): BucketRevision | undefined {
      const revise = plan.reviseBetweenPages;
      return revise !== undefined && pages >= revise.afterPages ? revise.revision : undefined;
    },
    next(): FaultAction {
      const action = (replace: FaultAction['replace']): FaultAction => ({ delayMs, replace, trickle: null });
      const delayMs = (plan.latencyMs ?? 0) + (plan.hangMs !== undefined && take('hangMs') ? plan.hangMs.ms : 0);
      const rps = plan.requestsPerSecond;
      if (rps !== undefined) {
        const now = clockMs();
        const burst = Math.max(1, rps);
        tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * rps);
        refilledAt = now;
        if (tokens < 1) {
          const wait = Math.max(1, Math.ceil((1 - tokens) / rps));
          const body = envelope(
            `Rate limit reached for requests per second (limit ${rps}). Please try again in ${wait}s.`,
            'requests',
            'rate_limit_exceeded',
          );
          return action({
            status: 429,
            headers: { 'retry-after': String(wait) },
            contentType: 'application/json',
            body,
          });
        }
        tokens -= 1;
      }
      if (take('rateLimit')) {
        const r = plan.rateLimit ?? { count: 0 };
        const headers: Record<string, string> = {};
        const seconds = r.retryAfterSeconds ?? (r.retryAfterMs === undefined ? 1 : undefined);
        if (seconds !== undefined) {
          headers['retry-after'] =
            r.retryAfterDate === true ? new Date(clockMs() + seconds * 1000).toUTCString() : String(seconds);
        }
        if (r.retryAfterMs !== undefined) headers['retry-after-ms'] = String(r.retryAfterMs);
        const body = envelope(
          'Rate limit reached for requests. Please try again later.',
          'requests',
          'rate_limit_exceeded',
        );
        return action({ status: 429, headers, contentType: 'application/json', body });
      }
      if (take('serverError')) {
        const body = envelope(
          'The server had an error while processing your request. Sorry about that!',
          'server_error',
          null,
        );
        return action({ status: plan.serverError?.status ?? 500, headers: {}, contentType: 'application/json', body });
      }
      if (take('htmlBadGateway')) {
        const body =
          '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';
        return action({ status: 502, headers: {}, contentType: 'text/html', body });
      }
      if (take('nonJsonBody')) {
        return action({
          status: 200,
          headers: {},
          contentType: 'text/plain',
          body: 'upstream connect error or disconnect/reset before headers',
        });
      }
      if (take('connectionReset')) return action('reset');
      if (take('truncatedBody')) return action('truncate');
      const trickle = plan.trickle;
      if (trickle !== undefined && take('trickle'))
        return { delayMs, replace: null, trickle: { chunkMs: trickle.chunkMs, chunkBytes: trickle.chunkBytes ?? 1 } };
      return action(null);
    },
  };
}
