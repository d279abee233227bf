import { ENDPOINTS, USAGE_ENDPOINT_NAMES, type EndpointName, type UsageEndpointName } from '../catalogue/index';
import { boundedCache } from './bounded-cache';
import { hashString } from './hash-random';
import { costCells, type UsageCells } from './cost-cells';
import { hourCells, splitHour, type EndpointTraffic } from './hour-cells';
import { tokenRates, type TokenRates } from './price-book';
import { buildStreams, type Cell } from './stream';
import { buildOrg, type SyntheticOrg } from './synthetic-org';
import type { DatasetOptions } from './types';
import { PROFILES } from './usage-profiles';

type UsageName = UsageEndpointName;
// Catalogue order: each endpoint's salt is its index, so adding an endpoint at the end changes no other's data.
const USAGE_NAMES = USAGE_ENDPOINT_NAMES;

/** Lazily generated, cached traffic of the synthetic organization. */
export interface DataSource {
  readonly org: SyntheticOrg;
  /** Cell chunks covering the minutes [from, to) of an endpoint (whole hours where possible). */
  chunks(endpoint: EndpointName, from: number, to: number): Generator<readonly Cell[]>;
}

/** Builds the data source of one emulator instance (all caches live here, none at module level). */
export function createDataSource(
  seed: number,
  dataset: DatasetOptions = {},
  imageUsageGap = 0,
  oddProjectIds = false,
): DataSource {
  const org = buildOrg(seed, dataset, oddProjectIds);
  const traffic = new Map<UsageName, EndpointTraffic>();
  USAGE_NAMES.forEach((name, salt) => {
    const spec = ENDPOINTS[name];
    const profile = PROFILES[name];
    traffic.set(name, {
      seed,
      scale: org.scale,
      salt: salt + 1,
      profile,
      streams: buildStreams(org, spec, profile, salt + 1),
      metricCount: spec.metrics.length,
      countIndex: profile.countMetric === null ? -1 : spec.metrics.indexOf(profile.countMetric),
    });
  });
  const rateMemo = new Map<string, TokenRates>();
  const rates = (model: string): TokenRates => {
    const hit = rateMemo.get(model);
    if (hit !== undefined) return hit;
    const value = tokenRates(model);
    rateMemo.set(model, value);
    return value;
  };
  const hours = boundedCache<readonly Cell[]>(32768);
  const minutes = boundedCache<readonly (readonly Cell[])[]>(512);

  const usageHour = (name: UsageName, hour: number): readonly Cell[] =>
    hours.get(`${name}:${hour}`, () => {
      const t = traffic.get(name);
      return t === undefined ? [] : hourCells(t, hour);
    });
  const usageMinutes = (name: UsageName, hour: number): readonly (readonly Cell[])[] =>
    minutes.get(`${name}:${hour}`, () => {
      const t = traffic.get(name);
      return t === undefined ? [] : splitHour(t, hour, usageHour(name, hour));
    });
  const allUsage = (pick: (name: UsageName) => readonly Cell[]): UsageCells =>
    Object.fromEntries(USAGE_NAMES.map((name) => [name, pick(name)])) as Record<UsageName, readonly Cell[]>;

  const hourOf = (endpoint: EndpointName, hour: number): readonly Cell[] =>
    endpoint === 'costs'
      ? hours.get(`costs:${hour}`, () =>
          costCells(
            allUsage((n) => usageHour(n, hour)),
            rates,
          ),
        )
      : usageHour(endpoint, hour);
  const minutesOf = (endpoint: EndpointName, hour: number): readonly (readonly Cell[])[] =>
    endpoint === 'costs'
      ? minutes.get(`costs:${hour}`, () =>
          Array.from({ length: 60 }, (_, m) =>
            costCells(
              allUsage((n) => usageMinutes(n, hour)[m] ?? []),
              rates,
            ),
          ),
        )
      : usageMinutes(endpoint, hour);

  // Image streams whose usage rows go missing from /usage/images while costs still bill them (as seen live).
  const hidden = (cell: Cell): boolean =>
    imageUsageGap > 0 && (hashString(JSON.stringify(cell.dims)) % 1000) / 1000 < imageUsageGap;
  const served = (endpoint: EndpointName, cells: readonly Cell[]): readonly Cell[] =>
    endpoint === 'images' && imageUsageGap > 0 ? cells.filter((c) => !hidden(c)) : cells;

  return {
    org,
    *chunks(endpoint, from, to) {
      let t = from;
      while (t < to) {
        const hour = Math.floor(t / 3600);
        if (t % 3600 === 0 && t + 3600 <= to) {
          yield served(endpoint, hourOf(endpoint, hour));
          t += 3600;
        } else {
          yield served(endpoint, minutesOf(endpoint, hour)[(t % 3600) / 60] ?? []);
          t += 60;
        }
      }
    },
  };
}
