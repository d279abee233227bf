import type { Page } from 'playwright-core';
import type { RunningJupyterLab } from './jupyterlab';
import { type LabNotebook, allFigures, allPlots, describeCell, notebookSnapshot } from './lab-page';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value, failing after `timeoutMs` with `what` and the last probe error. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    await sleep(250);
  }
}

/** Opens `path` (a Lab path) in a fresh Lab page load and waits for its kernel to be idle. */
export async function openNotebook(page: Page, lab: RunningJupyterLab, path: string): Promise<LabNotebook> {
  await page.goto(lab.labUrl(path));
  await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)').waitFor({ timeout: 60_000 });
  return until(`kernel idle in ${path}`, 90_000, async () => {
    const nb = await notebookSnapshot(page, path);
    return nb.kernelStatus === 'idle' ? nb : undefined;
  });
}

/** Clicks a top menu entry, e.g. `clickMenu(page, 'Run', 'Run All Cells')`, with the notebook focused. */
export async function clickMenu(page: Page, menu: string, item: string): Promise<void> {
  await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook').click({ position: { x: 5, y: 5 } });
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${menu}$`) }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).click();
}

/**
 * Run > Run All Cells, then waits until nothing is queued, the kernel is idle and every figure output is drawn as a
 * Plotly plot. Returns the snapshot; cells that never ran (execution stopped at an error) keep a `[ ]` prompt.
 */
export async function runAll(page: Page, path: string, timeoutMs = 180_000): Promise<LabNotebook> {
  // Saved notebooks already carry execution counts, so "started" is seen as a `[*]` prompt appearing, caught by a
  // MutationObserver so that even a very fast run cannot slip between two polls.
  await page.evaluate(`(() => {
    window.__e2eRunStarted = false;
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const seen = () => { if (nb && nb.querySelector('.jp-InputArea-prompt') && [...nb.querySelectorAll('.jp-InputArea-prompt')].some((p) => (p.textContent || '').includes('*'))) window.__e2eRunStarted = true; };
    if (window.__e2eObserver) window.__e2eObserver.disconnect();
    window.__e2eObserver = new MutationObserver(seen);
    if (nb) window.__e2eObserver.observe(nb, { subtree: true, childList: true, characterData: true });
  })()`);
  await clickMenu(page, 'Run', 'Run All Cells');
  let last = '';
  const settled = await until(`Run All to finish in ${path}`, timeoutMs, async () => {
    const nb = await notebookSnapshot(page, path);
    last = `kernel ${nb.kernelStatus}, prompts ${nb.cells
      .filter((c) => c.type === 'code')
      .map((c) => c.prompt)
      .join(' ')}`;
    const code = nb.cells.filter((c) => c.type === 'code');
    const started = (await page.evaluate('window.__e2eRunStarted === true')) === true;
    const busy = code.some((c) => c.prompt.includes('*')) || nb.kernelStatus !== 'idle';
    return started && !busy ? nb : undefined;
  }).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)} (last state: ${last})`);
  });
  // Plotly's renderer draws asynchronously after the output arrives.
  return until(`${allFigures(settled).length} plots drawn in ${path}`, 30_000, async () => {
    const nb = await notebookSnapshot(page, path);
    return allPlots(nb).length >= allFigures(nb).length ? nb : undefined;
  });
}

/** One line per problem: cells without an execution count and stderr output (tslab's only error channel). */
export function runProblems(nb: LabNotebook): string[] {
  const problems: string[] = [];
  for (const cell of nb.cells.filter((c) => c.type === 'code')) {
    if (cell.executionCount === null) problems.push(`${describeCell(cell)} did not run`);
    for (const text of cell.stderr) problems.push(`${describeCell(cell)} wrote to stderr: ${text.slice(0, 600)}`);
  }
  return problems;
}

/** The index of the only cell whose source contains `text`. */
export function cellIndexWith(nb: LabNotebook, text: string): number {
  const hits = nb.cells.filter((c) => c.source.includes(text));
  if (hits.length !== 1)
    throw new Error(`expected one cell containing ${JSON.stringify(text)} in ${nb.path}, found ${hits.length}`);
  return hits[0]?.index ?? -1;
}

/**
 * Edits a cell the way a user does: double-clicks the word `word` on the editor line containing `line` (selecting
 * it) and types `replacement`. Returns the cell's new source.
 */
export async function replaceWord(
  page: Page,
  path: string,
  line: string,
  word: string | RegExp,
  replacement: string,
): Promise<string> {
  const index = cellIndexWith(await notebookSnapshot(page, path), line);
  const lineEl = page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')
    .nth(index)
    .locator('.cm-line', { hasText: line })
    .first();
  await lineEl.scrollIntoViewIfNeeded();
  await lineEl.locator('span', { hasText: word }).last().dblclick();
  await page.keyboard.type(replacement);
  await page.keyboard.press('Escape');
  const source = (await notebookSnapshot(page, path)).cells[index]?.source ?? '';
  return source;
}

/** File > Save Notebook, then waits until the document is clean. */
export async function saveNotebook(page: Page, path: string): Promise<void> {
  await clickMenu(page, 'File', 'Save Notebook');
  await until(`${path} to be saved`, 30_000, async () =>
    (await notebookSnapshot(page, path)).dirty ? undefined : true,
  );
}

/** File > Close Tab, then waits until the panel is gone. */
export async function closeNotebook(page: Page, path: string): Promise<void> {
  await clickMenu(page, 'File', 'Close Tab');
  await until(`${path} tab to close`, 30_000, async () => {
    try {
      await notebookSnapshot(page, path);
      return undefined;
    } catch {
      return true;
    }
  });
}

/** Screenshot of the whole notebook panel: the viewport grows to the notebook's height first (capped). */
export async function screenshotNotebook(page: Page, file: string, maxHeight = 16_000): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  // Side panels closed (more room for the notebook), scrolled to the top, then measured.
  const height: unknown = await page.evaluate(`(() => {
    const app = window.jupyterapp;
    if (app) { app.shell.collapseLeft(); app.shell.collapseRight(); }
    const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
    if (s) s.scrollTop = 0;
    return s ? s.scrollHeight : 0;
  })()`);
  const wanted = Math.min(maxHeight, Math.max(viewport.height, (typeof height === 'number' ? height : 0) + 200));
  await page.setViewportSize({ width: viewport.width, height: wanted });
  await sleep(1500); // Plotly's responsive relayout after the resize
  await page.evaluate(
    `(() => { const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer'); if (s) s.scrollTop = 0; })()`,
  );
  try {
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)').screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** One screenshot per rendered Plotly chart output, `<prefix>-<k>.png` in notebook order; returns the paths. */
export async function screenshotChartCells(page: Page, prefix: string): Promise<string[]> {
  const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-child:has(.js-plotly-plot)');
  const paths: string[] = [];
  for (let k = 0; k < (await cells.count()); k++) {
    const file = `${prefix}-${k + 1}.png`;
    await cells.nth(k).screenshot({ path: file });
    paths.push(file);
  }
  return paths;
}
