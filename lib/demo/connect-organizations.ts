// Demo wiring sits above both the client and the emulator (as connect does): without keys, two emulated organizations.
import {
  UsageClient,
  type ClientOptions,
  loadOrganizations,
  selectOrganizations,
  type OrganizationConfig,
  type LoadConfigOptions,
} from '../api/index';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { DEMO_ORGANIZATIONS } from './demo-organizations';

/** One connected organization. */
export interface OrganizationClient {
  name: string;
  client: UsageClient;
  /** Its configuration (key variable, base URL, `OPENAI_ORG_ID_<NAME>`); absent for an emulated organization. */
  config?: OrganizationConfig;
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
  /**
   * Only these organizations (a `--organizations a,b` list, names matched case-insensitively); an unknown name is an
   * `invalid --organizations: …` error before any connection. @default every one
   */
  organizations?: string;
  /** The demo's emulated organizations even when keys are configured (`--demo`). @default false */
  demo?: boolean;
}

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
  const configs = options.demo === true ? [] : loadOrganizations(options);
  if (configs.length > 0) {
    const organizations = selectOrganizations(configs, options.organizations).map((c) => ({
      name: c.name,
      client: new UsageClient({ ...options.clientOptions, apiKey: c.apiKey, baseURL: c.baseURL }),
      config: c,
    }));
    log(`Organizations: ${organizations.map((o) => `${o.name} (${o.client.baseURL})`).join(', ')}`);
    return {
      organizations,
      mode: 'live',
      close: () => Promise.resolve(organizations.forEach((o) => o.client.close())),
    };
  }
  const demo = selectOrganizations(DEMO_ORGANIZATIONS, options.organizations);
  const emulators: RunningEmulator[] = [];
  try {
    for (const d of demo)
      emulators.push(
        await startEmulator({
          port: 0,
          seed: d.seed,
          organizationId: d.organizationId,
          dataset: d.dataset,
          ...(options.now === undefined ? {} : { now: options.now }),
        }),
      );
  } catch (err) {
    await Promise.all(emulators.map((e) => e.close()));
    throw err;
  }
  const organizations = emulators.map((e, i) => ({
    name: demo[i]?.name ?? `demo-${i}`,
    client: new UsageClient({ ...options.clientOptions, apiKey: e.adminKey, baseURL: e.baseURL }),
  }));
  const count = organizations.length === 2 ? 'two emulated organizations' : 'emulated organization';
  log(
    options.demo === true
      ? `Demo mode (--demo): ${count} (${organizations.map((o) => o.name).join(', ')}, synthetic data).`
      : `Demo mode: no OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_<NAME> found, ${count} (${organizations.map((o) => o.name).join(', ')}, synthetic data).`,
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
