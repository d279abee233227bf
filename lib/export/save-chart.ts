import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Figure } from '../charts/index';
import { figureHtml } from './figure-html';

/**
 * Saves one chart as a standalone HTML file (plotly.js embedded, works offline and alone) at `file`, creating its
 * folder; returns the absolute path. A leading `~/` means the home folder.
 * @example await saveChart(tokenFig, '~/Desktop/token-usage.html')
 */
export async function saveChart(fig: Figure, file: string): Promise<string> {
  if (typeof file !== 'string' || !/\.html?$/i.test(file)) {
    throw new Error(`invalid file: ${JSON.stringify(file) ?? String(file)} (a path ending in .html)`);
  }
  const home = process.env['HOME'];
  const path = resolve(file.startsWith('~/') && home !== undefined ? home + file.slice(1) : file);
  const html = figureHtml(fig, { plotly: 'inline' });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html, 'utf8');
  return path;
}
