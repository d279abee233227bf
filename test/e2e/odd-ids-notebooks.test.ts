import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator, ODD_PROJECT_IDS } from '../../lib/emulator/index';
import { requireNotebookSetup, runHeadless, type HeadlessRun } from '../helpers/notebook-env-check';

// `npm start` in live mode against an organization whose directory is valid JSON but unusual: project IDs with an
// apostrophe, parentheses and quotes, and three no URL path can carry ("..", a slash, empty). Names are an
// enrichment: every notebook must finish, with IDs where names are missing and one notice saying so.
const NOW = 1_767_271_234; // 2026-01-01 12:40:34 UTC
const KEY = `sk-admin-test-${randomBytes(8).toString('hex')}`;
const root = mkdtempSync(path.join(tmpdir(), 'odd-ids-notebooks-'));
// Two runs: the API read by every notebook (the default with a key), and `--source sync` (the store path: the
// directory is stored by the notebooks' own sync, names are read once more from the API).
const SOURCES = ['api', 'sync'] as const;
const runs = new Map<(typeof SOURCES)[number], HeadlessRun>();
const outOf = (source: string): string => path.join(root, source);
let emulator: RunningEmulator | undefined;

const NAMES_NOTICE =
  'Names incomplete, their IDs are shown: the API keys and service accounts of projects "..", "proj_eu/west", "" ' +
  'were not listed (no URL path can carry those IDs).';

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}

/** The text of every output of an executed notebook, per cell. */
function cellTexts(out: string, file: string): string[][] {
  const nb = JSON.parse(readFileSync(path.join(out, 'notebooks', file), 'utf8')) as {
    cells: { outputs?: Output[] }[];
  };
  return nb.cells.map((c) =>
    (c.outputs ?? []).map((o) => {
      const plain = o.data?.['text/plain'];
      const text = o.text ?? plain ?? '';
      return Array.isArray(text) ? text.join('') : typeof text === 'string' ? text : JSON.stringify(text);
    }),
  );
}

before(async () => {
  requireNotebookSetup();
  emulator = await startEmulator({ port: 0, adminKeys: [KEY], directory: { oddProjectIds: true } });
  for (const source of SOURCES) {
    const store = source === 'sync' ? ['--source', 'sync', '--store', path.join(root, 'odd.duckdb')] : [];
    const env = { OPENAI_ADMIN_KEY: KEY, OPENAI_BASE_URL: emulator.baseURL, USAGE_NOW: String(NOW) };
    runs.set(source, await runHeadless(['--out', outOf(source), '--jobs', '2', ...store], env));
  }
});

after(async () => {
  await emulator?.close();
  rmSync(root, { recursive: true, force: true });
});

for (const source of SOURCES) {
  const run = (): HeadlessRun | undefined => runs.get(source);
  test(`${source}: every notebook finishes against an odd-ID directory`, () => {
    assert.equal(run()?.code, 0, run()?.log ?? '');
    assert.deepEqual(readdirSync(path.join(outOf(source), 'notebooks')).sort(), [
      '01_completions_usage.ipynb',
      '02_costs.ipynb',
      '03_more_insights.ipynb',
      '04_spend_insights.ipynb',
      '05_alerts.ipynb',
    ]);
    assert.doesNotMatch(run()?.log ?? '', /invalid path|TypeError|FAILED/);
  });

  test(`${source}: each notebook says once which names are missing, and names every project it can`, () => {
    for (const file of readdirSync(path.join(outOf(source), 'notebooks'))) {
      const texts = cellTexts(outOf(source), file).flat();
      assert.deepEqual(
        texts.filter((t) => t.startsWith('Names')),
        [NAMES_NOTICE],
        file,
      );
      assert.ok(!texts.some((t) => t.startsWith('Names unavailable')), file);
    }
    // Notebook 04 reads project spend limits: the IDs no path carries are left out, said once.
    const spend = cellTexts(outOf(source), '04_spend_insights.ipynb')
      .flat()
      .filter((t) => t.startsWith('Spend limits'));
    assert.equal(spend.length, 1);
    assert.match(
      spend[0] ?? '',
      /^Spend limits of projects (("\.\."|"proj_eu\/west"|""), ){1,2}("\.\."|"proj_eu\/west"|"") not read/,
    );
  });

  test(`${source}: the odd projects appear in the exported data under their names, their IDs kept`, () => {
    // The completions by model and project table of notebook 01 (names next to IDs).
    const csv = readFileSync(path.join(outOf(source), 'data', 'completions_by_model_project.csv'), 'utf8');
    const named: Record<string, string> = {
      [ODD_PROJECT_IDS[0] ?? '']: 'Support Assistant',
      '..': 'Data Pipeline',
      'proj_eu/west': 'Research',
    };
    for (const [id, name] of Object.entries(named)) {
      const quoted = `"${id.replace(/"/g, '""')}"`;
      assert.ok(
        csv
          .split('\n')
          .some((line) => (line.includes(`,${quoted},`) || line.includes(`,${id},`)) && line.includes(name)),
        `${id} → ${name}`,
      );
    }
  });
}
