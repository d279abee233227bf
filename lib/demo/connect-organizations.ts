// Demo wiring sits above both the client and the emulator (as connect does): without keys, two emulated organizations.
import { UsageClient, type ClientOptions, loadOrganizations, type LoadConfigOptions } from '../api/index';
import { startEmulator, type RunningEmulator } from '../emulator/index';

/** One connected organization. */
export interface OrganizationClient {
  name: string;
  client: UsageClient;
}

/** Clients for every configured organization, or for two emulated ones in demo mode. */
export interface OrganizationsConnection {
  organizations: OrganizationClient[];
  mode: 'live' | 'demo';
  close(): Promise<void>;
}

/** Options of {@link connectOrganizations}. */
export interface ConnectOrganizationsOptions extends LoadConfigOptions {
  /** Where the one-line mode notice goes. @default console.log */
  log?: (line: string) => void;
  clientOptions?: Omit<ClientOptions, 'apiKey' | 'baseURL'>;
  /** The emulators' clock in demo mode (Unix seconds), e.g. a fixed `USAGE_NOW`. */
  now?: () => number;
}

/** The demo's two organizations: the usual demo org and a smaller one with another seed (other burst days). */
const DEMO = [
  { name: 'acme', seed: 42, dataset: {} },
  { name: 'globex', seed: 4250, dataset: { projects: 4, users: 9, apiKeys: 7, streams: 50, scale: 0.4 } },
] as const;

/**
 * Connects to every organization of `OPENAI_ADMIN_KEY_<NAME>` (env or .env); without any key, starts two emulators
 * (organizations "acme" and "globex") on free loopback ports and says so once.
 * @example const orgs = await connectOrganizations({ dotenvPath: `${notebookEnv().root}/.env` });
 * // orgs.mode: "live" (OPENAI_ADMIN_KEY_<NAME> keys) or "demo" (acme and globex); await orgs.close() at the end
 */
export async function connectOrganizations(
  options: ConnectOrganizationsOptions = {},
): Promise<OrganizationsConnection> {
  const log = options.log ?? ((line: string) => console.log(line));
  const configs = loadOrganizations(options);
  if (configs.length > 0) {
    const organizations = configs.map((c) => ({
      name: c.name,
      client: new UsageClient({ ...options.clientOptions, apiKey: c.apiKey, baseURL: c.baseURL }),
    }));
    log(`Organizations: ${configs.map((c) => `${c.name} (${c.baseURL})`).join(', ')}`);
    return {
      organizations,
      mode: 'live',
      close: () => Promise.resolve(organizations.forEach((o) => o.client.close())),
    };
  }
  const emulators: RunningEmulator[] = [];
  try {
    for (const d of DEMO)
      emulators.push(
        await startEmulator({
          port: 0,
          seed: d.seed,
          dataset: d.dataset,
          ...(options.now === undefined ? {} : { now: options.now }),
        }),
      );
  } catch (err) {
    await Promise.all(emulators.map((e) => e.close()));
    throw err;
  }
  const organizations = emulators.map((e, i) => ({
    name: DEMO[i]?.name ?? `demo-${i}`,
    client: new UsageClient({ ...options.clientOptions, apiKey: e.adminKey, baseURL: e.baseURL }),
  }));
  log(
    `Demo mode: no OPENAI_ADMIN_KEY_<NAME> found, two emulated organizations (${organizations.map((o) => o.name).join(', ')}, synthetic data).`,
  );
  return {
    organizations,
    mode: 'demo',
    close: async () => {
      for (const o of organizations) o.client.close();
      await Promise.all(emulators.map((e) => e.close()));
    },
  };
}
