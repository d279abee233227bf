import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';

const C = 'organization.usage.completions.result' as const;
const K = 'organization.costs.result' as const;

/** The seed's first four ungrouped completions buckets, verbatim (real API output, Jan 2025). */
export const SEED_USAGE: WireBucket<WireCompletionsResult>[] = [
  {
    object: 'bucket',
    start_time: 1736616660,
    end_time: 1736640000,
    results: [
      {
        object: C,
        input_tokens: 141201,
        output_tokens: 9756,
        num_model_requests: 470,
        project_id: null,
        user_id: null,
        api_key_id: null,
        model: null,
        batch: null,
        input_cached_tokens: 0,
        input_audio_tokens: 0,
        output_audio_tokens: 0,
      },
    ],
  },
  {
    object: 'bucket',
    start_time: 1736640000,
    end_time: 1736726400,
    results: [
      {
        object: C,
        input_tokens: 45949,
        output_tokens: 282,
        num_model_requests: 150,
        project_id: null,
        user_id: null,
        api_key_id: null,
        model: null,
        batch: null,
        input_cached_tokens: 0,
        input_audio_tokens: 0,
        output_audio_tokens: 0,
      },
    ],
  },
  {
    object: 'bucket',
    start_time: 1736726400,
    end_time: 1736812800,
    results: [
      {
        object: C,
        input_tokens: 3718360,
        output_tokens: 97756,
        num_model_requests: 3053,
        project_id: null,
        user_id: null,
        api_key_id: null,
        model: null,
        batch: null,
        input_cached_tokens: 76544,
        input_audio_tokens: 5776,
        output_audio_tokens: 3166,
      },
    ],
  },
  {
    object: 'bucket',
    start_time: 1736812800,
    end_time: 1736899200,
    results: [
      {
        object: C,
        input_tokens: 52786,
        output_tokens: 38204,
        num_model_requests: 157,
        project_id: null,
        user_id: null,
        api_key_id: null,
        model: null,
        batch: null,
        input_cached_tokens: 5440,
        input_audio_tokens: 4066,
        output_audio_tokens: 1097,
      },
    ],
  },
];

const P1 = 'proj_hNhhQzyYu7HxySZWs7cA3Ugu';
const P2 = 'proj_L67gOme4S2nBA8aQieEOwLy7';
const HOSTILE = '<script>alert("x")</script>';

/** Grouped by model+project (seed model/project names), an empty bucket, null and hostile dimensions. */
export const GROUPED_USAGE: WireBucket<WireCompletionsResult>[] = [
  {
    object: 'bucket',
    start_time: 1736616699,
    end_time: 1736640000,
    results: [
      {
        object: C,
        input_tokens: 6897,
        output_tokens: 97,
        num_model_requests: 97,
        project_id: P1,
        user_id: null,
        api_key_id: null,
        model: 'gpt-4o-mini-2024-07-18',
        batch: null,
      },
      {
        object: C,
        input_tokens: 33984,
        output_tokens: 206,
        num_model_requests: 95,
        project_id: P1,
        user_id: null,
        api_key_id: null,
        model: 'ft:gpt-4o-2024-08-06:distillation-test:wordle2',
        batch: false,
      },
      {
        object: C,
        input_tokens: 2846,
        output_tokens: 8874,
        num_model_requests: 8,
        project_id: P2,
        user_id: null,
        api_key_id: null,
        model: 'o1-mini-2024-09-12',
        batch: true,
      },
    ],
  },
  { object: 'bucket', start_time: 1736640000, end_time: 1736726400, results: [] },
  {
    object: 'bucket',
    start_time: 1736726400,
    end_time: 1736812800,
    results: [
      {
        object: C,
        input_tokens: 1989,
        output_tokens: 28,
        num_model_requests: 28,
        project_id: P1,
        model: 'gpt-4o-mini-2024-07-18',
        input_cached_tokens: 1024,
      },
      {
        object: C,
        input_tokens: 10,
        output_tokens: 5,
        num_model_requests: 3,
        project_id: null,
        model: null,
        service_tier: 'default',
      },
      {
        object: C,
        input_tokens: 7,
        output_tokens: 1,
        num_model_requests: 1,
        project_id: HOSTILE,
        model: 'a-b',
        user_id: 'c',
      },
      {
        object: C,
        input_tokens: 9,
        output_tokens: 2,
        num_model_requests: 2,
        project_id: '__proto__',
        model: 'a',
        user_id: 'b-c',
      },
    ],
  },
];

const withOrg: WireCostsResult & { organization_id: string } = {
  object: K,
  amount: { value: 0.13080438340307526, currency: 'usd' },
  line_item: null,
  project_id: null,
  organization_id: 'org-GLHrIv00VVN9dEQC2b4wsBkf',
};

/** Seed costs (first buckets, verbatim values), line items, a numeric-string amount, nulls, an empty bucket. */
export const COSTS: WireBucket<WireCostsResult>[] = [
  {
    object: 'bucket',
    start_time: 1736553600,
    end_time: 1736640000,
    results: [
      withOrg,
      {
        object: K,
        amount: { value: 0.12744, currency: 'usd' },
        line_item: 'ft-gpt-4o-2024-08-06, input',
        project_id: P1,
        quantity: 42000,
        quantity_unit: 'tokens',
      },
      { object: K, amount: { value: '12.50', currency: 'usd' }, line_item: 'Text tokens', project_id: P2 },
    ],
  },
  { object: 'bucket', start_time: 1736640000, end_time: 1736726400, results: [] },
  {
    object: 'bucket',
    start_time: 1736726400,
    end_time: 1736812800,
    results: [
      {
        object: K,
        amount: { value: 9.888144383403077, currency: 'usd' },
        line_item: 'ft-gpt-4o-2024-08-06, input',
        project_id: P1,
      },
      {
        object: K,
        amount: { value: null, currency: 'usd' },
        line_item: 'assistants api | file search',
        project_id: P2,
      },
      { object: K, amount: null, line_item: '=HYPERLINK("http://x")', project_id: HOSTILE, api_key_id: 'key_1' },
    ],
  },
];

export { HOSTILE, P1, P2 };
