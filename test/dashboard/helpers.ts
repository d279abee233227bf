import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { CHROMIUM_PATH, hasChromium } from '../helpers/browser';
import { type Bucket, getAllBuckets } from '../emulator/helpers';

/** A headless Chromium whose context may only reach `origin`; everything else is aborted and recorded. */
export interface ServerBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Every URL any page requested, in order (including the allowed ones). */
  requests: string[];
  /** Requests to anything but the origin (aborted). */
  outside: string[];
  /** Dialogs (alert/confirm/prompt) that opened: must stay empty. */
  dialogs: string[];
  close(): Promise<void>;
}

export async function launchFor(origin: string): Promise<ServerBrowser> {
  if (!hasChromium()) throw new Error(`${CHROMIUM_PATH} is missing: run \`node scripts/setup.mjs --browser\``);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  const outside: string[] = [];
  const dialogs: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === origin || url.startsWith(`${origin}/`)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  // CSP violations are collected in the page, where they happen.
  await context.addInitScript(`
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  context.on('page', (page) => {
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  return { browser, context, requests, outside, dialogs, close: () => browser.close() };
}

/** Waits until the page has drawn more than `after` times (the page counts its renders in body[data-renders]). */
export async function waitForRender(page: Page, after: number): Promise<number> {
  // Polled from here: waitForFunction with a string needs eval in the page, which the CSP forbids.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const renders = Number(await page.evaluate(`document.body.dataset.renders ?? '0'`));
    if (renders > after) return renders;
    if (Date.now() > deadline) throw new Error(`the page did not draw again (renders: ${renders})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One drawn trace of a chart, as plotly holds it (graphDiv.data). */
export interface DrawnTrace {
  name: string;
  x: Array<string | number>;
  y: Array<string | number>;
}

/** The traces plotly drew in `#chart-<id>`. */
export async function drawnTraces(page: Page, id: string): Promise<DrawnTrace[]> {
  const traces: DrawnTrace[] = await page.evaluate(
    `(document.getElementById(${JSON.stringify(`chart-${id}`)})?.data ?? []).map((t) => ({ name: t.name, x: [...t.x], y: [...t.y] }))`,
  );
  return traces;
}

/** Every bucket of a daily query straight from the emulator's HTTP API (following next_page), no library code. */
export async function rawDaily(
  baseURL: string,
  key: string,
  path: string,
  start: number,
  end: number,
  groupBy: string[],
): Promise<Bucket[]> {
  const q = new URLSearchParams({ start_time: String(start), end_time: String(end), bucket_width: '1d', limit: '31' });
  for (const g of groupBy) q.append('group_by[]', g);
  return getAllBuckets(baseURL, `${path}?${q.toString()}`, key);
}

/** YYYY-MM-DD of Unix seconds. */
export function day(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Evaluates a browser expression (a string, so these tests need no DOM typings). */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  const value: T = await page.evaluate(expression);
  return value;
}

/** The text of every element `selector` matches, in document order. */
export function texts(page: Page, selector: string): Promise<string[]> {
  return inPage<string[]>(
    page,
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent ?? '')`,
  );
}
