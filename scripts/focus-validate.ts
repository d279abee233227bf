// Validates a FOCUS (FinOps Open Cost and Usage Specification) CSV or Parquet file against FOCUS 1.2 with the FinOps
// Foundation's own validator (focus-validator 2.2.1, installed into .venv-focus by `npm run setup -- --focus-validator`),
// offline. Usage: node --import tsx scripts/focus-validate.ts FILE   Exit 0 only when no counted rule fails.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runChildSync } from '../tools/child-process';
import { setupPaths, type SetupPaths } from './setup';

/**
 * 2.2.1 applies InvoiceId-C-004-C ("MUST be null when not invoiced") and -C-005-C ("MUST NOT be null when invoiced")
 * with no condition, so one of the two fails on any file: those two are not counted.
 */
export const CONTRADICTORY_RULES: readonly string[] = ['InvoiceId-C-004-C', 'InvoiceId-C-005-C'];

/** What the validator said about one file. */
export interface FocusValidation {
  /** Its summary line, `Total: <n> | Pass: <n> | Fail: <n> …`. */
  total: string;
  /** Lines of the rules that failed, less {@link CONTRADICTORY_RULES}. */
  failures: string[];
  /** Everything it printed (stdout and stderr), for messages. */
  output: string;
}

/** Runs the validator on `file` (CSV or Parquet by extension); throws when it is not installed or gives no result. */
export function focusValidate(file: string, paths: SetupPaths = setupPaths()): FocusValidation {
  const bin = path.join(paths.focusVenv, 'bin');
  if (!existsSync(path.join(bin, 'focus-validator')))
    throw new Error(
      `focus-validate: ${paths.focusVenv} has no focus-validator: run npm run setup -- --focus-validator`,
    );
  // It reads its rule files relative to the working directory: run it from its site-packages.
  const where = 'import focus_validator, os; print(os.path.dirname(os.path.dirname(focus_validator.__file__)))';
  const site = runChildSync(path.join(bin, 'python'), ['-c', where]);
  if (site.code !== 0) throw new Error(`focus-validate: cannot locate focus_validator: ${site.stderr}`);
  const args = ['--data-file', path.resolve(file), '--validate-version', '1.2', '--block-download'];
  const { output, code } = runChildSync(path.join(bin, 'focus-validator'), args, { cwd: site.stdout.trim() });
  const lines = output.split('\n');
  const total = lines.find((l) => l.startsWith('Total: '));
  if (total === undefined)
    throw new Error(`focus-validate: no result for ${file} (exit ${String(code)}): ${output.slice(-2000)}`);
  const counted = (l: string): boolean => !CONTRADICTORY_RULES.some((rule) => l.includes(`${rule}: FAIL`));
  return { total, failures: lines.filter((l) => l.includes(': FAIL ') && counted(l)), output };
}

if (require.main === module) {
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: node --import tsx scripts/focus-validate.ts FILE');
    process.exit(2);
  }
  try {
    const v = focusValidate(file);
    for (const line of v.failures.slice(0, 40)) console.log(line);
    console.log(`${v.total} (${CONTRADICTORY_RULES.join(' and ')} not counted: contradictory without a condition)`);
    process.exit(v.failures.length === 0 ? 0 : 1);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
}
