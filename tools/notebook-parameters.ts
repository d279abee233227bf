// Editing a notebook's parameters as a user would, through the parsed cell: the TypeScript parser finds the
// assignment of the named parameter (a `const name = …` or a `name: …` property of a top-level `const x = { … }`),
// and only that initializer's text is replaced. The Python seed notebook's `name = value` lines are parsed line by
// line. No regex over source text: a comment or a string that mentions the name is never edited.
import ts from 'typescript';
import { cellSource, parametersCell, type NotebookFile } from './notebook-file';

/** A value a parameters cell assigns, written as a literal. */
export type ParameterValue = number | string | boolean | null;

function literal(name: string, value: ParameterValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`invalid ${name}: ${String(value)}`);
  return JSON.stringify(value);
}

/** The expression assigned to `name`, without a trailing `as const` (kept, so the cell's types stay the same). */
function assignedValue(init: ts.Expression): ts.Expression {
  return ts.isAsExpression(init) ? init.expression : init;
}

function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (!ts.isPropertyAssignment(p)) return undefined;
  const n = p.name;
  return ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : undefined;
}

/**
 * Where the first top-level assignment of `name` sits in `source`: `const name = <value>` or `name: <value>` in a
 * top-level `const x = { … }`, in statement order. Undefined when the cell assigns no such parameter.
 */
export function parameterSpan(source: string, name: string): { start: number; end: number } | undefined {
  const file = ts.createSourceFile('parameters.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer;
      if (init === undefined) continue;
      if (ts.isIdentifier(decl.name) && decl.name.text === name) {
        const value = assignedValue(init);
        return { start: value.getStart(file), end: value.getEnd() };
      }
      const object = assignedValue(init);
      if (!ts.isObjectLiteralExpression(object)) continue;
      const property = object.properties.find((p) => propertyName(p) === name);
      if (property !== undefined && ts.isPropertyAssignment(property)) {
        const value = assignedValue(property.initializer);
        return { start: value.getStart(file), end: value.getEnd() };
      }
    }
  }
  return undefined;
}

/**
 * The TypeScript cell with the first assignment of parameter `name` set to `value`; throws naming `where` when the
 * cell assigns no such parameter.
 * @example withParameter('const rawParams = {\n  days_ago: 30, // required\n};', 'days_ago', 7)
 * // 'const rawParams = {\n  days_ago: 7, // required\n};'
 */
export function withParameter(source: string, name: string, value: ParameterValue, where = 'cell'): string {
  const span = parameterSpan(source, name);
  if (span === undefined) throw new Error(`${where}: no ${name} in the parameters cell`);
  return `${source.slice(0, span.start)}${literal(name, value)}${source.slice(span.end)}`;
}

/**
 * The notebook with parameter `name` of its parameters cell (tagged `parameters`) set to `value`; changes `nb` in
 * place and returns it.
 */
export function setNotebookParameter(
  nb: NotebookFile,
  name: string,
  value: ParameterValue,
  where: string,
): NotebookFile {
  const cell = parametersCell(nb);
  if (cell === undefined) throw new Error(`${where}: no parameters cell`);
  cell.source = withParameter(cellSource(cell), name, value, where);
  return nb;
}

/** A Python literal for `value`. */
function pythonLiteral(name: string, value: ParameterValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return literal(name, value);
}

/**
 * Python source with every top-level `name = <value>` line set to `value`, and how many lines that changed (the
 * seed notebook repeats its parameters in each querying cell). Indented lines, comparisons and other names are left
 * as they are.
 * @example editPythonAssignments('days_ago = 30\nstart = days_ago', 'days_ago', 7)
 * // { source: 'days_ago = 7\nstart = days_ago', edited: 1 }
 */
export function editPythonAssignments(
  source: string,
  name: string,
  value: ParameterValue,
): { source: string; edited: number } {
  let edited = 0;
  const lines = source.split('\n').map((line) => {
    const eq = line.indexOf('=');
    if (eq < 0 || line.startsWith(' ') || line.startsWith('\t') || line.slice(0, eq).trim() !== name) return line;
    // `name == x` is a comparison, not an assignment.
    if (line.slice(eq + 1).startsWith('=')) return line;
    edited++;
    return `${line.slice(0, eq).trimEnd()} = ${pythonLiteral(name, value)}`;
  });
  return { source: lines.join('\n'), edited };
}
