/**
 * 统计 (statistics) of a node's subtree over a period, for the staff and admins who run it: the
 * needs and the three 12345-style rates, each with its numerator and denominator so a person can
 * check it. Dates are Beijing calendar days; `to` is inclusive.
 */
import type { NodeLevel } from './tree';

export interface StatsQueryInput {
  /** YYYY-MM-DD (Beijing); default: the first day of this month. */
  from?: string;
  /** YYYY-MM-DD (Beijing), inclusive; default: today. */
  to?: string;
}

/** A rate a person can check: numerator / denominator, as a percentage with one decimal (null when nothing to count). */
export interface RateView {
  numerator: number;
  denominator: number;
  percent: number | null;
}

export interface CountByKey {
  key: string;
  label: string;
  count: number;
}

export interface NeedStatsView {
  /** Needs reported in the period. */
  reported: number;
  /** Of those, accepted (受理) at any time since. */
  accepted: number;
  /** Of those, done (办结) and not reopened. */
  done: number;
  reopened: number;
  /** Closed because nobody rated them in time: never counted as satisfied, shown on its own. */
  closedNoFeedback: number;
  byStatus: CountByKey[];
  byCategory: CountByKey[];
  /** 响应率: accepted (or answered: rejected, merged, referred, infeasible) within the limit of the need's urgency / reported. */
  responseRate: RateView;
  /** 解决率: done and not reopened / accepted. */
  resolutionRate: RateView;
  /**
   * 满意率: ratings of 4 or 5 / ratings given. A 代报 need's rating counts only when someone other
   * than its handler recorded it (the 回访 call).
   */
  satisfactionRate: RateView;
  /**
   * Needs rated 1–2 after they had already been reopened as unsolved: the resident was
   * dissatisfied twice in a row (flagged for the street).
   */
  dissatisfiedTwice: number;
  /** Hours from report to acceptance and to done: median and 90th percentile (null without data). */
  acceptHours: { median: number | null; p90: number | null };
  doneHours: { median: number | null; p90: number | null };
}

/** A community's month in public (GET /stats/public/communities/:id, no login): figures only, no one named. */
export interface CommunityMonthView {
  communityId: number;
  communityName: string;
  /** YYYY-MM (Beijing). */
  month: string;
  /** Needs reported this month, and of them done (not reopened). */
  reported: number;
  done: number;
  satisfactionRate: RateView;
  /** Confirmed volunteer service hours in the community's activities this month. */
  volunteerHours: number;
  /** The community fund this month, in fen (0 without a fund). */
  fundIncomeFen: number;
  fundSpendingFen: number;
}

export interface StatsNodeRef {
  id: number;
  name: string;
  level: NodeLevel;
}

/** The volunteers of the subtree in the period. */
export interface VolunteerStatsView {
  /** Registrations approved in the period. */
  registered: number;
  /** Volunteers with at least one confirmed attendance in the period. */
  active: number;
  /** Activities held (published, started in the period, attendance confirmed). */
  activitiesHeld: number;
  /** Confirmed service hours (one decimal). */
  confirmedHours: number;
  /** Tasks for residents' needs done in the period. */
  tasksDone: number;
}

/** 社区协商 and 服务项目 of the subtree in the period. */
export interface LoopStatsView {
  topics: number;
  /** Online votes cast in the period. */
  votes: number;
  meetingsHeld: number;
  /** Residents counted at the meetings held (到会人数). */
  meetingParticipants: number;
  resolutions: number;
  projectsStarted: number;
  projectsCompleted: number;
  /** Budget of the projects started in the period (fen). */
  projectBudgetFen: number;
  /** Charity money posted to the subtree's projects in the period (fen; fund spendings linked to a project). */
  projectFundedFen: number;
  /** 服务人次 from the projects' progress reports in the period. */
  peopleServed: number;
  /** Average weighted score of the projects completed in the period that were evaluated (null: none). */
  averageScore: number | null;
}

/** The charity resources of the subtree in the period (fen; grants between its own funds left out). */
export interface CharityStatsView {
  incomeFen: number;
  spendingFen: number;
  /** In-kind donations (实物捐赠) received in the period. */
  inKindDonations: number;
  wishesPublished: number;
  /** Wishes claimed in the period, and of those by people who declared themselves 党员. */
  wishesClaimed: number;
  wishesClaimedByPartyMembers: number;
  wishesDelivered: number;
}

/** The figures of one subtree (a node's whole subtree, or one child's). */
export interface SubtreeStatsView {
  needs: NeedStatsView;
  volunteers: VolunteerStatsView;
  charity: CharityStatsView;
  loop: LoopStatsView;
  /** Open needs past their clock's limit now (yellow or red: `late`), and of those red. */
  overdue: { late: number; red: number };
}

/** GET /stats/nodes/:id — the whole subtree, and one row per direct child (a street: each community). */
export interface NodeStatsView extends SubtreeStatsView {
  node: StatsNodeRef;
  from: string;
  to: string;
  /** The response limits in hours by urgency that the 响应率 used. */
  responseHours: { critical: number; urgent: number; normal: number };
  /** Days an accepted need may go without a step (the progress clock). */
  progressDays: number;
  children: Array<SubtreeStatsView & { node: StatsNodeRef }>;
  /** Month by month (Beijing), the months of the period and at least the six up to its end: needs reported, and needs done in the month. */
  trend: Array<{ month: string; reported: number; done: number }>;
}

/** The 台账 (Excel) a staff member can download: GET /stats/nodes/:id/ledgers/{kind}.xlsx?from&to. */
export const LEDGER_KINDS = ['needs', 'fund', 'volunteer-hours', 'wishes', 'projects'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_LABEL: Record<LedgerKind, string> = {
  needs: '居民需求台账',
  fund: '慈善资金台账',
  'volunteer-hours': '志愿服务时长台账',
  wishes: '微心愿台账',
  projects: '服务项目台账',
};
