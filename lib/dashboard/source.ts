import type { OpenAlert } from '../alerts/index';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../catalogue/index';

/** A half-open time range `[start, end)`, Unix seconds, on UTC day boundaries. */
export interface DashboardRange {
  start: number;
  end: number;
}

/** Row filters of a view; an empty or missing list means "all". */
export interface DashboardFilters {
  /** Organization IDs (a store holding several); results carry `organization_id` there. */
  organizationIds?: readonly string[];
  projectIds?: readonly string[];
  models?: readonly string[];
}

/** A project of the directory: id plus display name (the id itself when no directory is known). */
export interface ProjectEntry {
  id: string;
  name: string;
  /** The configured name of its organization, where the source holds several (names are per organization). */
  organization?: string;
}

/** An organization the source holds: its ID (the `organization_id` of results) and configured name. */
export interface OrganizationEntry {
  id: string;
  name: string;
}

/**
 * Where the dashboard reads from. Reads answer from the last complete data (never wait for a running sync);
 * buckets are daily, usage grouped by model and project_id, costs by line_item and project_id.
 * Implementations: {@link bucketSource} over buckets in memory (kept current by `apiSource`), and the store.
 */
export interface DashboardSource {
  /** When data last landed, epoch ms; undefined before the first sync. */
  lastSyncedAt(): number | undefined;
  /** The range the source can answer (e.g. the synced window); undefined before the first sync. */
  coverage(): DashboardRange | undefined;
  /** Completions buckets overlapping the range, results filtered by project and model. */
  usageBuckets(range: DashboardRange, filters: DashboardFilters): Promise<WireBucket<WireCompletionsResult>[]>;
  /** Costs buckets overlapping the range, results filtered by project (costs have no model dimension). */
  costBuckets(range: DashboardRange, filters: DashboardFilters): Promise<WireBucket<WireCostsResult>[]>;
  /** Projects with names, from the directory when there is one. */
  projects(): Promise<ProjectEntry[]>;
  /** Open alerts recorded in the store (lib/alerts `readOpenAlerts`); undefined when the source has no store. */
  openAlerts(): readonly OpenAlert[] | undefined;
  /** The organizations the source holds apart (a store synced from several); empty for one organization's API. */
  organizations(): Promise<OrganizationEntry[]>;
  /** Calls `listener` after new data landed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}
