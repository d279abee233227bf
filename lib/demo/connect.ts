// Demo wiring sits above both the client and the emulator, so importing the client never loads the emulator.
import { UsageClient, type ClientOptions, loadConfig } from '../api/index';
import { startEmulator } from '../emulator/index';
import { DEMO_ORGANIZATIONS } from './demo-organizations';

/** A ready client, in live mode (your organization) or demo mode (the built-in emulator). */
export interface Connection {
  client: UsageClient;
  mode: 'live' | 'demo';
  baseURL: string;
  /** Frees sockets and stops the emulator in demo mode. */
  close(): Promise<void>;
}

/** Options of `connect`. */
export interface ConnectOptions {
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** .env file to read (not loaded into process.env). */
  dotenvPath?: string;
  /** Where the one-line mode notice goes. @default console.log */
  log?: (line: string) => void;
  /** Extra client options (apiKey and baseURL come from the config). */
  clientOptions?: Omit<ClientOptions, 'apiKey' | 'baseURL'>;
}

/**
 * Connects with OPENAI_ADMIN_KEY when set (live); otherwise starts the Usage API emulator on a free
 * loopback port and connects to it (demo, synthetic data, no network), saying so once.
 * @example const { client, mode, close } = await connect({ dotenvPath: '.env' });
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const config = loadConfig({
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.dotenvPath === undefined ? {} : { dotenvPath: options.dotenvPath }),
  });
  const log = options.log ?? ((line: string) => console.log(line));
  if (config.apiKey !== undefined) {
    const client = new UsageClient({ ...options.clientOptions, apiKey: config.apiKey, baseURL: config.baseURL });
    log(`Using ${config.baseURL}`);
    return { client, mode: 'live', baseURL: client.baseURL, close: () => Promise.resolve(client.close()) };
  }
  // The demo's first organization ("acme"), so its data and identifier are the same as in the several-organizations demo.
  const acme = DEMO_ORGANIZATIONS[0];
  const emulator = await startEmulator({
    port: 0,
    ...(acme === undefined ? {} : { seed: acme.seed, organizationId: acme.organizationId, dataset: acme.dataset }),
  });
  const client = new UsageClient({ ...options.clientOptions, apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  log(
    `Demo mode: no OPENAI_ADMIN_KEY found, using the built-in emulator of the Usage API at ${emulator.baseURL} ` +
      "(synthetic data). Put a key in .env to use your organization's data.",
  );
  return {
    client,
    mode: 'demo',
    baseURL: emulator.baseURL,
    close: async () => {
      client.close();
      await emulator.close();
    },
  };
}
