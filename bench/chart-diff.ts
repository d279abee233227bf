// Whether two runs of a notebook drew the same charts: their figure JSON compared (tools/same-figure).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { figureDifference } from '../tools/same-figure';

function figureJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** The charts whose figure JSON differs between two runs (numbers compared to 1e-9 relative), or one side lacks. */
export function chartsDiffer(a: string, b: string): string[] {
  const list = (d: string): string[] =>
    existsSync(d)
      ? readdirSync(d)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
  const left = list(a);
  const right = list(b);
  const ids = [...new Set([...left, ...right])];
  return ids
    .filter(
      (f) =>
        !left.includes(f) ||
        !right.includes(f) ||
        figureDifference(figureJson(path.join(a, f)), figureJson(path.join(b, f))) !== undefined,
    )
    .map((f) => f.slice(0, -5));
}

/** Where two runs' figure JSON first differ (or which side lacks the figure). */
export function firstDifference(outs: { api: string; store: string }, fig: string): string {
  const file = (dir: string): string => path.join(dir, 'charts', `${fig}.json`);
  if (!existsSync(file(outs.api)) || !existsSync(file(outs.store))) return 'only one side has it';
  return figureDifference(figureJson(file(outs.api)), figureJson(file(outs.store)), 'api vs store') ?? 'none';
}
