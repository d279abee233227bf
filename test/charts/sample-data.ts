import type {
  DailyAmount,
  GroupSum,
  ModelProjectRequests,
  Pivot,
  ShareSplit,
  TimeSeries,
  TokenPoint,
} from '../../lib/charts/inputs';

/** A name that would inject markup if any chart or page used it raw. */
export const HOSTILE = '</script><img src=x onerror=alert(1)>&amp;<b>bold</b>';

const DAY = 86_400;
/** 2025-01-11 17:31:39 UTC, the seed's partial first bucket. */
export const T0 = 1_736_616_699;
const MIDNIGHT = 1_736_640_000; // 2025-01-12 00:00 UTC

/** Seven daily token buckets, the first one partial as in the seed. */
export const tokenPoints: TokenPoint[] = [
  {
    start: T0,
    end: MIDNIGHT,
    input_tokens: 141_201,
    output_tokens: 9_756,
    input_cached_tokens: 0,
    num_model_requests: 470,
  },
  ...[45_949, 3_718_360, 52_786, 35_664, 120_000, 80_500].map((input, i) => ({
    start: MIDNIGHT + i * DAY,
    end: MIDNIGHT + (i + 1) * DAY,
    input_tokens: input,
    output_tokens: Math.round(input / 10) + i,
    input_cached_tokens: 0,
    num_model_requests: 100 + i * 7,
  })),
];

/** Requests per model and project, with one hostile project and one hostile model. */
export const modelProjectRequests: ModelProjectRequests = {
  models: [
    'ft:gpt-4o-2024-08-06:distillation-test:wordle2:AbCdEf12',
    'gpt-4o-2024-08-06',
    'gpt-4o-mini-2024-07-18',
    HOSTILE,
  ],
  projects: ['proj_hNhhQzyYu7HxySZWs7cA3Ugu', 'proj_L67gOme4S2nBA8aQieEOwLy7', HOSTILE],
  totals: { proj_hNhhQzyYu7HxySZWs7cA3Ugu: 1_490, proj_L67gOme4S2nBA8aQieEOwLy7: 305, [HOSTILE]: 12 },
  cells: [
    {
      model: 'ft:gpt-4o-2024-08-06:distillation-test:wordle2:AbCdEf12',
      project_id: 'proj_hNhhQzyYu7HxySZWs7cA3Ugu',
      num_model_requests: 95,
    },
    { model: 'gpt-4o-2024-08-06', project_id: 'proj_hNhhQzyYu7HxySZWs7cA3Ugu', num_model_requests: 270 },
    { model: 'gpt-4o-2024-08-06', project_id: 'proj_L67gOme4S2nBA8aQieEOwLy7', num_model_requests: 105 },
    { model: 'gpt-4o-mini-2024-07-18', project_id: 'proj_hNhhQzyYu7HxySZWs7cA3Ugu', num_model_requests: 1_125 },
    { model: 'gpt-4o-mini-2024-07-18', project_id: 'proj_L67gOme4S2nBA8aQieEOwLy7', num_model_requests: 200 },
    { model: HOSTILE, project_id: HOSTILE, num_model_requests: 12 },
  ],
};

/** A split with three main projects, an "Other" slice and three folded projects (one hostile). */
export const shareSplit: ShareSplit = {
  main: [
    { label: 'proj_alpha', value: 6_000, share: 0.6 },
    { label: 'proj_beta', value: 2_500, share: 0.25 },
    { label: 'Other', value: 900, share: 0.09 },
    { label: 'proj_gamma', value: 600, share: 0.06 },
  ],
  other: [
    { label: 'proj_delta', value: 450, share: 0.045 },
    { label: HOSTILE, value: 300, share: 0.03 },
    { label: 'proj_epsilon', value: 150, share: 0.015 },
  ],
  otherTotal: 900,
  total: 10_000,
  threshold: 0.05,
};

/** A split where every project is above the threshold. */
export const splitWithoutOther: ShareSplit = {
  main: [
    { label: 'proj_alpha', value: 700, share: 0.7 },
    { label: 'proj_beta', value: 300, share: 0.3 },
  ],
  other: [],
  otherTotal: 0,
  total: 1_000,
  threshold: 0.05,
};

/** Five days of cost (the seed's first values). */
export const dailyCosts: DailyAmount[] = [
  { date: '2025-01-11', amount: 0.130804 },
  { date: '2025-01-12', amount: 0.122704 },
  { date: '2025-01-13', amount: 9.888144 },
  { date: '2025-01-14', amount: 0.350764 },
  { date: '2025-01-15', amount: 1234.5 },
];

/** Day × line item costs, including a hostile line item. */
export const lineItemPivot: Pivot = {
  rows: ['2025-01-11', '2025-01-12', '2025-01-13'],
  columns: ['assistants api | file search', 'ft-gpt-4o-2024-08-06, input', HOSTILE, 'unused line item'],
  values: [
    [0.000274, 0.12744, 0.5, 0],
    [0.01, 0.2, 0, 0],
    [0.3, 2.75, 0.25, 0],
  ],
  rowTotals: [0.627714, 0.21, 3.3],
  columnTotals: [0.310274, 3.07744, 0.75, 0],
};

/** Hourly input tokens by model over 48 hours. */
export const hourlySeries: TimeSeries = {
  x: Array.from({ length: 48 }, (_, i) => MIDNIGHT + i * 3600),
  series: [
    { name: 'gpt-4o-mini-2024-07-18', y: Array.from({ length: 48 }, (_, i) => 1000 + ((i * 37) % 11) * 250) },
    { name: HOSTILE, y: Array.from({ length: 48 }, (_, i) => 400 + ((i * 13) % 7) * 90) },
  ],
};

/** Requests by user (grouped by user_id; one null user). */
export const userGroups: GroupSum[] = [
  { keys: { user_id: 'user-abc' }, value: 1_200 },
  { keys: { user_id: 'user-def' }, value: 800 },
  { keys: { user_id: null }, value: 150 },
  { keys: { user_id: HOSTILE }, value: 40 },
  { keys: { user_id: 'user-abc' }, value: 34 },
];

/** Tokens by model for a share pie; two tiny models fold into "Other". */
export const modelGroups: GroupSum[] = [
  { keys: { model: 'gpt-4o-mini-2024-07-18' }, value: 50_000 },
  { keys: { model: 'gpt-4o-2024-08-06' }, value: 30_000 },
  { keys: { model: 'o1-mini-2024-09-12' }, value: 19_000 },
  { keys: { model: 'whisper-1' }, value: 600 },
  { keys: { model: HOSTILE }, value: 400 },
];
