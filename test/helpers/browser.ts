import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (installed by `npm test`'s pretest or .ci/run); browser tests fail, never skip, without it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when a Chromium binary is installed for browser tests. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A headless Chromium plus a context whose every non-file request is aborted (offline by construction). */
export interface OfflineBrowser {
  browser: Browser;
  context: BrowserContext;
  /** URLs the pages tried to fetch from the network (all aborted). */
  blocked: string[];
  close(): Promise<void>;
}

/** Launches headless Chromium with the network cut off: only file:// and data: URLs load. */
export async function launchChromium(): Promise<OfflineBrowser> {
  if (!hasChromium())
    throw new Error(`${CHROMIUM_PATH} is missing: run \`npm run setup -- --browser\` (or apt-get install chromium)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  return { browser, context, blocked, close: () => browser.close() };
}
