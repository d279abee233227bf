// Demo wiring sits above both the client and the emulator, so importing the client never loads the emulator.
import { UsageClient, type ClientOptions, loadConfig, loadOrganizations, selectOrganizations } from '../api/index';
import { startEmulator } from '../emulator/index';
import { DEMO_ORGANIZATIONS } from './demo-organizations';

/** A ready client, in live mode (your organization) or demo mode (the built-in emulator). */
export interface Connection {
  client: UsageClient;
  mode: 'live' | 'demo';
  /** The organization read: "default" (OPENAI_ADMIN_KEY), a configured `<NAME>`, or the demo's "acme". */
  name: string;
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
  /**
   * The configured organization to read (a `<NAME>` of `OPENAI_ADMIN_KEY_<NAME>`, any case, or "default").
   * @default "default" when OPENAI_ADMIN_KEY is set, else the first configured name in sort order
   */
  organization?: string;
}

/**
 * Connects with OPENAI_ADMIN_KEY when set (live), else with an `OPENAI_ADMIN_KEY_<NAME>` (live: named keys are real
 * organizations, never the demo); without any key starts the Usage API emulator on a free loopback port and
 * connects to it (demo, synthetic data, no network), saying so once.
 * @example const { client, mode, close } = await connect({ dotenvPath: '.env' });
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const config = loadConfig({
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.dotenvPath === undefined ? {} : { dotenvPath: options.dotenvPath }),
  });
  const log = options.log ?? ((line: string) => console.log(line));
  const asked = options.organization;
  if (config.apiKey !== undefined && (asked === undefined || asked.toLowerCase() === 'default')) {
    const client = new UsageClient({ ...options.clientOptions, apiKey: config.apiKey, baseURL: config.baseURL });
    log(`Using ${config.baseURL}`);
    return {
      client,
      mode: 'live',
      name: 'default',
      baseURL: client.baseURL,
      close: () => Promise.resolve(client.close()),
    };
  }
  const configured = loadOrganizations({
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.dotenvPath === undefined ? {} : { dotenvPath: options.dotenvPath }),
  });
  if (configured.length > 0) {
    // An unknown name is an error listing the configured ones (never the demo in its place).
    const [picked] = selectOrganizations(configured, asked ?? configured[0]?.name, 'organization');
    if (picked === undefined) throw new RangeError('invalid organization: none configured');
    const client = new UsageClient({ ...options.clientOptions, apiKey: picked.apiKey, baseURL: picked.baseURL });
    const others = configured.length > 1 ? ` (configured: ${configured.map((c) => c.name).join(', ')})` : '';
    log(`Using organization ${picked.name} at ${picked.baseURL}${others}`);
    return {
      client,
      mode: 'live',
      name: picked.name,
      baseURL: client.baseURL,
      close: () => Promise.resolve(client.close()),
    };
  }
  // The demo's first organization ("acme") unless another demo name is asked, so its data and identifier are the same
  // as in the several-organizations demo.
  const [acme] =
    asked === undefined ? DEMO_ORGANIZATIONS : selectOrganizations(DEMO_ORGANIZATIONS, asked, 'organization');
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
    name: acme?.name ?? 'acme',
    baseURL: emulator.baseURL,
    close: async () => {
      client.close();
      await emulator.close();
    },
  };
}
