import assert from 'node:assert/strict';
import {
  type Figure,
  barByGroup,
  costByLineItemChart,
  costPerDayChart,
  otherProjectsPie,
  requestsByModelProjectChart,
  requestsByProjectPie,
  sharePie,
  tokenUsageChart,
  usageLineChart,
} from '../../lib/charts/index';
import * as s from '../charts/sample-data';

/** One figure of every chart builder (hostile labels included) plus an empty one, for export tests. */
export function figures(): Figure[] {
  const other = otherProjectsPie(s.shareSplit);
  assert.ok(other !== null);
  return [
    tokenUsageChart(s.tokenPoints),
    requestsByModelProjectChart(s.modelProjectRequests),
    requestsByProjectPie(s.shareSplit),
    other,
    costPerDayChart(s.dailyCosts),
    costByLineItemChart(s.lineItemPivot),
    usageLineChart(s.hourlySeries, { metric: 'input_tokens', bucketWidth: '1h' }),
    sharePie(s.modelGroups, {
      id: 'model-share-pie',
      title: 'Token share by model',
      labelKey: 'model',
      valueLabel: 'Tokens',
    }),
    barByGroup(s.userGroups, {
      id: 'requests-by-user',
      title: 'Requests by user',
      labelKey: 'user_id',
      valueLabel: 'Requests',
    }),
    { ...costPerDayChart([]), id: 'empty-cost' },
  ];
}
