/** Demo wiring: a client for your organization, or the built-in emulator when no admin key is configured. */
export { connect, type Connection } from './connect';
/** Demo wiring for several organizations: one client each, or two emulated organizations without keys. */
export {
  connectOrganizations,
  type ConnectOrganizationsOptions,
  type OrganizationClient,
  type OrganizationsConnection,
} from './connect-organizations';
/** The demo's emulated organizations (names, seeds, identifiers). */
export { DEMO_ORGANIZATIONS } from './demo-organizations';
