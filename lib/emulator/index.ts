/** The local OpenAI Usage and Costs API emulator (demo data source and test bed). */
export { startEmulator } from './start-emulator';
export type {
  DatasetOptions,
  DirectoryOptions,
  EmulatorOptions,
  FaultPlan,
  RecordedRequest,
  RunningEmulator,
} from './types';
export { projectIdOfPath } from './directory-routes';
export { ODD_PROJECT_IDS, buildOrg } from './synthetic-org';
export { HOSTILE_FORMULA, HOSTILE_NAME } from './org-directory';
export { isSpikeDay } from './activity';
