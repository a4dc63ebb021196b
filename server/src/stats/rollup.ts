import type { CharityStatsView, LoopStatsView, VolunteerStatsView } from '../contract/stats';

/**
 * Figures read once per community (or per node holding a fund) and summed for any subtree: a
 * node's whole subtree and each of its children are the rows whose path starts with theirs.
 */
export interface PathRow {
  path: string;
  [figure: string]: number | string;
}

/** One row per path, the figures of several per-path queries side by side. */
export function mergeByPath(...sets: PathRow[][]): PathRow[] {
  const byPath = new Map<string, PathRow>();
  for (const set of sets) for (const row of set) byPath.set(row.path, { ...byPath.get(row.path), ...row });
  return [...byPath.values()];
}

/** The sums of these figures over the rows under `path` (0 where none). */
export function sumByPath<K extends string>(rows: PathRow[], path: string, keys: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const row of rows) {
    if (!row.path.startsWith(path)) continue;
    for (const k of keys) out[k] += Number(row[k] ?? 0);
  }
  return out;
}

export const CHARITY_KEYS = ['incomeFen', 'spendingFen', 'inKindDonations', 'wishesPublished', 'wishesClaimed', 'wishesClaimedByPartyMembers', 'wishesDelivered'] as const satisfies ReadonlyArray<keyof CharityStatsView>;

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** Volunteers under `path`: someone who served in two of its communities is one active volunteer. */
export function volunteerView(v: { counts: PathRow[]; served: Array<{ path: string; userId: number }> }, path: string): VolunteerStatsView {
  const sums = sumByPath(v.counts, path, ['registered', 'activitiesHeld', 'minutes', 'tasksDone'] as const);
  return {
    registered: sums.registered,
    active: new Set(v.served.filter((s) => s.path.startsWith(path)).map((s) => s.userId)).size,
    activitiesHeld: sums.activitiesHeld,
    confirmedHours: oneDecimal(sums.minutes / 60),
    tasksDone: sums.tasksDone,
  };
}

/** Consultation and projects under `path`; the average score is over the evaluated projects. */
export function loopView(rows: PathRow[], path: string): LoopStatsView {
  const { scoreSum, scored, ...sums } = sumByPath(rows, path, [
    'topics', 'votes', 'meetingsHeld', 'meetingParticipants', 'resolutions', 'projectsStarted', 'projectsCompleted', 'projectBudgetFen', 'projectFundedFen', 'peopleServed', 'scoreSum', 'scored',
  ] as const);
  return { ...sums, averageScore: scored ? oneDecimal(scoreSum / scored) : null };
}
