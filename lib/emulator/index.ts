/** The local OpenAI Usage and Costs API emulator (demo data source and test bed). */
export { startEmulator } from './start-emulator';
export type {
  BucketRevision,
  DatasetOptions,
  DirectoryOptions,
  EmulatorOptions,
  FaultPlan,
  ProjectKeyErrorStyle,
  RecordedRequest,
  ResponseQuirks,
  RunningEmulator,
} from './types';
