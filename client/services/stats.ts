/** 统计 (stats subpackage): a node's figures over a period. */
import type { CommunityMonthView, LedgerKind, NodeStatsView, StatsQueryInput } from '@contract/stats';
import { openDocument, request } from './api';

const query = (q: StatsQueryInput) => {
  const parts = Object.entries(q).filter(([, v]) => v);
  return parts.length ? `?${parts.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}` : '';
};

export const statsApi = {
  node: (nodeId: number, q: StatsQueryInput = {}) => request<NodeStatsView>(`/api/stats/nodes/${nodeId}${query(q)}`),
  /** A 台账 (Excel): WeChat downloads it and opens it in its viewer; H5 answers a link to the file. */
  ledger: (kind: LedgerKind, nodeId: number, q: StatsQueryInput) =>
    openDocument(`/api/stats/nodes/${nodeId}/ledgers/${kind}.xlsx${query(q)}`, 'xlsx', { failure: '台账下载失败，请稍后再试' }),
  /** A community's month for its public board (no login). */
  communityMonth: (communityId: number) => request<CommunityMonthView>(`/api/stats/public/communities/${communityId}`, { auth: false }),
};
