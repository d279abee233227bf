// `npm run lab`: setup, then the venv's JupyterLab on notebooks/ (127.0.0.1 only). Extra arguments go to jupyter lab.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, setup } from './setup';

/** The jupyter command line and environment for `npm run lab`. */
export interface LabCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The JupyterLab command: loopback only, rooted at notebooks/, our venv's kernelspecs first, `--allow-root` when
 * running as root (containers and CI machines often do, and jupyter refuses without it), then the user's arguments.
 * @example labCommand({ root: '/repo', uid: 1000, extra: ['--no-browser'], env: {} }).args[0] === 'lab'
 */
export function labCommand(o: {
  root: string;
  uid: number | undefined;
  extra: readonly string[];
  env: NodeJS.ProcessEnv;
}): LabCommand {
  const venv = path.join(o.root, '.venv');
  return {
    command: path.join(venv, 'bin', 'jupyter'),
    args: [
      'lab', '--ServerApp.ip=127.0.0.1', `--ServerApp.root_dir=${path.join(o.root, 'notebooks')}`,
      ...(o.uid === 0 ? ['--allow-root'] : []),
      ...o.extra,
    ],
    env: { ...o.env, TZ: 'UTC', JUPYTER_PATH: path.join(venv, 'share', 'jupyter'), JUPYTER_PLATFORM_DIRS: '1' },
  };
}

if (require.main === module) {
  try {
    setup();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  const lab = labCommand({ root: ROOT, uid: process.getuid?.(), extra: process.argv.slice(2), env: process.env });
  const child = spawn(lab.command, lab.args, { stdio: 'inherit', env: lab.env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
