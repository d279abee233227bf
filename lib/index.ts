/** The public entry point: notebooks, scripts and tests import only from here. */
export * from './api/index';
export * from './emulator/index';
export { connectOrganizations, type ConnectOrganizationsOptions, type OrganizationClient, type OrganizationsConnection } from './demo/connect-organizations';
export * from './frames/index';
export * from './prices/index';
export * from './insights/index';
export * from './charts/index';
export * from './export/index';
export * from './notebook/index';
