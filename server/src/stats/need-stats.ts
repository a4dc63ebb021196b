import { NEED_STATUS_LABEL, NEED_STATUSES, type NeedStatus, type Urgency } from '../contract/needs';
import type { NeedStatsView, RateView } from '../contract/stats';

/** One need as the statistics read it. */
export interface NeedStatRow {
  status: NeedStatus;
  categoryId: number;
  urgency: Urgency;
  createdAt: Date;
  acceptedAt: Date | null;
  doneAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  rating: number | null;
  /** 代报: entered by staff for a resident; its rating counts only when recorded by someone other than its handler. */
  proxy: boolean;
  ratedBy: number | null;
  handlerId: number | null;
}

/** A rating that counts for 满意率: a 代报 need's only when someone other than its handler recorded it (回访). */
export function countedRating(r: Pick<NeedStatRow, 'rating' | 'proxy' | 'ratedBy' | 'handlerId'>): number | null {
  if (r.rating == null) return null;
  if (r.proxy && (r.ratedBy == null || r.ratedBy === r.handlerId)) return null;
  return r.rating;
}

/** Closing without acceptance still answers the resident (a reason, a referral): it counts as a response. */
const ANSWERED: readonly NeedStatus[] = ['rejected', 'merged', 'closed_infeasible', 'closed_referred'];
const HOUR = 3_600_000;

export function rate(numerator: number, denominator: number): RateView {
  return { numerator, denominator, percent: denominator ? Math.round((numerator / denominator) * 1000) / 10 : null };
}

/** The q-quantile (0..1) of the values, nearest rank, in hours with one decimal; null without values. */
export function quantileHours(ms: number[], q: number): number | null {
  if (!ms.length) return null;
  const sorted = [...ms].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round((sorted[at] / HOUR) * 10) / 10;
}

/**
 * The needs statistics of these rows (the needs reported in the period), pure: the service reads
 * the rows, this counts them, tests check it against hand-computed values.
 */
export function needStats(rows: NeedStatRow[], categories: Map<number, string>, responseHours: Record<Urgency, number>): NeedStatsView {
  const byStatus = new Map<NeedStatus, number>();
  const byCategory = new Map<number, number>();
  let responded = 0;
  let accepted = 0;
  let done = 0;
  let reopened = 0;
  let noFeedback = 0;
  let rated = 0;
  let satisfied = 0;
  let dissatisfiedTwice = 0;
  const toAccept: number[] = [];
  const toDone: number[] = [];
  for (const r of rows) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    byCategory.set(r.categoryId, (byCategory.get(r.categoryId) ?? 0) + 1);
    const answeredAt = r.acceptedAt ?? (ANSWERED.includes(r.status) ? r.closedAt : null);
    if (answeredAt && answeredAt.getTime() - r.createdAt.getTime() <= responseHours[r.urgency] * HOUR) responded++;
    if (r.acceptedAt) {
      accepted++;
      toAccept.push(r.acceptedAt.getTime() - r.createdAt.getTime());
      if (r.doneAt && r.reopenCount === 0) done++;
    }
    if (r.doneAt) toDone.push(r.doneAt.getTime() - r.createdAt.getTime());
    if (r.reopenCount > 0) reopened++;
    if (r.status === 'closed_no_feedback') noFeedback++;
    const rating = countedRating(r);
    if (rating != null) {
      rated++;
      if (rating >= 4) satisfied++;
      if (rating <= 2 && r.reopenCount > 0) dissatisfiedTwice++;
    }
  }
  return {
    reported: rows.length,
    accepted,
    done,
    reopened,
    closedNoFeedback: noFeedback,
    dissatisfiedTwice,
    byStatus: NEED_STATUSES.filter((s) => byStatus.has(s)).map((s) => ({ key: s, label: NEED_STATUS_LABEL[s], count: byStatus.get(s)! })),
    byCategory: [...byCategory.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([id, count]) => ({ key: String(id), label: categories.get(id) ?? '其他', count })),
    responseRate: rate(responded, rows.length),
    resolutionRate: rate(done, accepted),
    satisfactionRate: rate(satisfied, rated),
    acceptHours: { median: quantileHours(toAccept, 0.5), p90: quantileHours(toAccept, 0.9) },
    doneHours: { median: quantileHours(toDone, 0.5), p90: quantileHours(toDone, 0.9) },
  };
}
