import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import fc from 'fast-check';
import { cellSource, parametersCell, readNotebook } from '../../tools/notebook-file';
import {
  editPythonAssignments,
  parameterSpan,
  setNotebookParameter,
  withParameter,
} from '../../tools/notebook-parameters';

const ROOT = path.join(__dirname, '..', '..');
const CELL = [
  'const env = notebookEnv();',
  '// days_ago: 99, in a comment, is not a parameter',
  'const note = "days_ago: 98,";',
  'const rawParams = {',
  '  days_ago: 30,                  // required: start this many days ago',
  '  bucket_width: "1d" as const,   // optional',
  '  limit: 7,',
  '};',
  'const timelineParams = { days_ago: 7 };',
  'const params = notebookParams(rawParams, "completions", env);',
].join('\n');

describe('withParameter (TypeScript cell, parsed)', () => {
  test('changes the first assignment of the parameter only, not comments, strings or later objects', () => {
    const edited = withParameter(CELL, 'days_ago', 365);
    assert.equal(edited, CELL.replace('  days_ago: 30,', '  days_ago: 365,'));
    assert.ok(edited.includes('// days_ago: 99,') && edited.includes('"days_ago: 98,"'));
    assert.ok(edited.includes('{ days_ago: 7 }'));
  });

  test('a value under `as const` is replaced and the `as const` kept; strings are written as literals', () => {
    assert.equal(
      withParameter(CELL, 'bucket_width', '1h'),
      CELL.replace('bucket_width: "1d" as const', 'bucket_width: "1h" as const'),
    );
    assert.equal(withParameter('const days = 3; // x', 'days', 4), 'const days = 4; // x');
    assert.equal(
      withParameter("const rawParams = { 'budget': null };", 'budget', 50),
      "const rawParams = { 'budget': 50 };",
    );
  });

  test('a cell without the parameter is an error naming the notebook', () => {
    assert.equal(parameterSpan('days_ago: 5,', 'days_ago'), undefined, 'a label is not an assignment');
    assert.throws(() => withParameter('const x = 1;', 'days_ago', 3, '09_x.ipynb'), /^Error: 09_x.ipynb: no days_ago/);
    assert.throws(() => withParameter(CELL, 'days_ago', Number.NaN), /invalid days_ago: NaN/);
  });

  test('property: any whole number set is what the parsed cell then holds, and the rest is unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (days) => {
        const edited = withParameter(CELL, 'days_ago', days);
        const file = ts.createSourceFile('c.ts', edited, ts.ScriptTarget.ES2022, true);
        const span = parameterSpan(edited, 'days_ago');
        assert.ok(span !== undefined);
        assert.equal(file.text.slice(span.start, span.end), String(days));
        assert.equal(edited.slice(0, span.start), CELL.slice(0, CELL.indexOf('days_ago: 30') + 'days_ago: '.length));
      }),
    );
  });

  test("every notebook's parameters cell assigns days_ago, and the edited notebook holds the new value", () => {
    const names = readdirSync(path.join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
    assert.ok(names.length >= 4);
    for (const name of names) {
      const nb = setNotebookParameter(readNotebook(path.join(ROOT, 'notebooks', name)), 'days_ago', 12, name);
      const cell = parametersCell(nb);
      assert.ok(cell !== undefined, name);
      assert.match(cellSource(cell), /^ {2}days_ago: 12, {2,}\/\/ required/m, name);
    }
  });
});

describe('editPythonAssignments (the seed notebook)', () => {
  test('every top-level `name = value` line, not comparisons, indented lines or other names', () => {
    const src = 'days_ago = 30\nstart = days_ago\nif days_ago == 30:\n    days_ago = 1\ndays_ago_2 = 5\ndays_ago = 31';
    assert.deepEqual(editPythonAssignments(src, 'days_ago', 7), {
      source: 'days_ago = 7\nstart = days_ago\nif days_ago == 30:\n    days_ago = 1\ndays_ago_2 = 5\ndays_ago = 7',
      edited: 2,
    });
    assert.deepEqual(editPythonAssignments('x = 1', 'days_ago', 7), { source: 'x = 1', edited: 0 });
    assert.equal(editPythonAssignments('flag = 0', 'flag', true).source, 'flag = True');
  });
});
