import type { DatasetOptions } from '../emulator/index';

/** One emulated organization of the demo. */
export interface DemoOrganization {
  name: string;
  seed: number;
  /** Its `openai-organization` header: a named organization's slug, as the real API sends it. */
  organizationId: string;
  dataset: DatasetOptions;
}

/**
 * The demo's two organizations: the usual demo org (also what `connect()` serves alone) and a smaller one with another
 * seed (other burst days), each with its own identifier, so that a store keeps them apart.
 */
export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  { name: 'acme', seed: 42, organizationId: 'acme-k3v9qd', dataset: {} },
  {
    name: 'globex',
    seed: 4250,
    organizationId: 'globex-7hx2mt',
    dataset: { projects: 4, users: 9, apiKeys: 7, streams: 50, scale: 0.4 },
  },
];
