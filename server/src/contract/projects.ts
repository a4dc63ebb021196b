/**
 * Service projects (社会组织实施) with milestones, progress and the completion report, the social
 * worker's guidance records and sign-off (社工指导), and the evaluation (评估). Dates without a time
 * are Beijing calendar dates (YYYY-MM-DD); instants are ISO strings (UTC); money is integer fen.
 */
import type { LinkedNeed, ResolutionFigures } from './consultation';
import type { PhotoView } from './uploads';

export const PROJECT_DOMAINS = ['elderly', 'disability', 'children', 'assistance', 'community', 'other'] as const;
export type ProjectDomain = (typeof PROJECT_DOMAINS)[number];
export const PROJECT_DOMAIN_LABEL: Record<ProjectDomain, string> = {
  elderly: '养老',
  disability: '助残',
  children: '儿童',
  assistance: '救助',
  community: '社区发展',
  other: '其他',
};

/** active: being carried out; completed: completion report in (after guidance and sign-off); evaluated: scored. */
export const PROJECT_STATUSES = ['active', 'completed', 'evaluated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABEL: Record<ProjectStatus, string> = { active: '实施中', completed: '已结项，待评估', evaluated: '已评估' };

export const GUIDANCE_FORMS = ['case', 'group', 'community', 'supervision'] as const;
export type GuidanceForm = (typeof GUIDANCE_FORMS)[number];
export const GUIDANCE_FORM_LABEL: Record<GuidanceForm, string> = { case: '个案', group: '小组', community: '社区', supervision: '督导' };

/**
 * Where a scorecard criterion's score comes from: `scored`, typed by the evaluator; `residents`,
 * computed from the residents' ratings of the project's needs (never typed).
 */
export type CriterionSource = 'scored' | 'residents';

/**
 * The weighted total of a scorecard, 0–100, rounded to the nearest point; weights need not add up
 * to 100. A criterion without a score (null: a residents' criterion nobody has rated yet, 无数据)
 * is left out, weight and all.
 */
export function weightedScore(scores: ReadonlyArray<{ score: number | null; weight: number }>): number {
  const counted = scores.filter((x): x is { score: number; weight: number } => x.score != null);
  const weights = counted.reduce((s, x) => s + x.weight, 0);
  if (weights <= 0) throw new RangeError('scorecard weights must add up to more than 0');
  return Math.round(counted.reduce((s, x) => s + x.score * x.weight, 0) / weights);
}

/** A residents' criterion's score from their ratings (1–5 stars): the average × 20, so 5 stars = 100; null without ratings. */
export function residentsScore(rating: { average: number | null; count: number }): number | null {
  return rating.count && rating.average != null ? Math.round(rating.average * 20) : null;
}

/** A guidance or supervision record (督导记录) written by the project's social worker. */
export interface GuidanceView {
  id: number;
  projectId: number;
  projectTitle: string;
  communityName: string;
  guidedOn: string;
  form: GuidanceForm;
  formLabel: string;
  content: string;
  issues: string;
  nextSteps: string;
  createdAt: string;
}

export interface ProjectMilestoneView {
  id: number;
  title: string;
  plannedOn: string;
  doneOn: string | null;
  /** Settled without being reached: the reason the social worker accepted, and when. */
  waivedReason: string | null;
  waivedOn: string | null;
}

/** A progress update; `photos` only in the working view (the public page counts them). */
export interface ProjectProgressView {
  id: number;
  at: string;
  milestoneId: number | null;
  milestoneTitle: string | null;
  text: string;
  peopleServed: number;
  photoCount: number;
  photos?: PhotoView[];
}

export interface ProjectEvaluationView {
  totalScore: number;
  /** `score` null: 无数据 (a residents' criterion nobody had rated), left out of the total; `ratings`: n of a residents' criterion. */
  criteria: Array<{ label: string; weight: number; score: number | null; source: CriterionSource; ratings?: number }>;
  /** The version of the criteria it was scored against (null: before criteria had versions). */
  criteriaVersion: number | null;
  comment: string;
  evaluatedAt: string;
}

/** The resolution (议定事项) a project came from, as its page shows it. */
export interface ProjectResolutionView {
  id: number;
  topicId: number;
  topicTitle: string;
  text: string;
  figures: ResolutionFigures;
  publishedAt: string;
}

/** The public page of a project: no personal data (people are roles; photos are counted, not shown). */
export interface PublicProjectView {
  id: number;
  title: string;
  domain: ProjectDomain;
  domainLabel: string;
  summary: string;
  communityId: number;
  communityName: string;
  status: ProjectStatus;
  statusLabel: string;
  organization: { id: number; name: string; kindLabel: string };
  budgetFen: number;
  /** Fund allocations approved for this project (on the way to or already posted) and those posted (spent). */
  allocatedFen: number;
  spentFen: number;
  startsOn: string;
  endsOn: string;
  peopleServed: number;
  milestones: ProjectMilestoneView[];
  progress: ProjectProgressView[];
  guidanceCount: number;
  signedOff: boolean;
  signedOffAt: string | null;
  completionReport: string | null;
  completedAt: string | null;
  evidencePhotoCount: number;
  evaluation: ProjectEvaluationView | null;
  /** Residents' ratings of the project's needs (1–5). */
  residentRating: { average: number | null; count: number };
  resolution: ProjectResolutionView | null;
  needs: LinkedNeed[];
  createdAt: string;
}

/** What the caller may do now (buttons). */
export interface ProjectCan {
  postProgress: boolean;
  addGuidance: boolean;
  signOff: boolean;
  /** The social worker may settle a milestone the project will not reach, with a reason. */
  waiveMilestone: boolean;
  complete: boolean;
  evaluate: boolean;
}

/** The working view: what the organization's members, the social worker and covering staff see. */
export interface ProjectView extends PublicProjectView {
  orgId: number;
  socialWorkerId: number;
  signOffComment: string | null;
  /** What still stands between the project and the sign-off (empty once it may be signed). */
  signOffMissing: string[];
  evidencePhotos: PhotoView[];
  privateNeedCount: number;
  relation: { staff: boolean; socialWorker: boolean; orgMember: boolean };
  can: ProjectCan;
}

/** GET /projects/:id: the working view for the people on the project, the public view for everyone else. */
export type ProjectPageView = ProjectView | PublicProjectView;

export interface ProjectListItem {
  id: number;
  title: string;
  domainLabel: string;
  communityName: string;
  organizationName: string;
  status: ProjectStatus;
  statusLabel: string;
  budgetFen: number;
  peopleServed: number;
  score: number | null;
  startsOn: string;
  endsOn: string;
}

/** A scorecard criterion (GET /projects/criteria); active weights add up to 100. */
export interface EvalCriterionView {
  id: number;
  key: string;
  label: string;
  weight: number;
  source: CriterionSource;
  /** The version of the criteria set it belongs to (a revision makes a new one; evaluations keep theirs). */
  version: number;
}

/** One criterion of a revised set: `key` keeps an existing criterion's identity; a new one has none. */
export interface EvalCriterionInput {
  key?: string;
  label: string;
  weight: number;
  source: CriterionSource;
}

/**
 * What is wrong with a revised set of criteria, or null: names distinct, weights adding up to
 * 100, at most one criterion computed from the residents' ratings. The form checks it before
 * sending; the server refuses by it.
 */
export function criteriaSetProblem(items: ReadonlyArray<{ label: string; weight: number; source: CriterionSource }>): string | null {
  if (new Set(items.map((c) => c.label.trim())).size !== items.length) return '指标名称不能重复';
  const total = items.reduce((s, c) => s + c.weight, 0);
  if (total !== 100) return `各项权重之和应为 100，现在是 ${total}`;
  if (items.filter((c) => c.source === 'residents').length > 1) return '“居民满意度”类的指标只能有一项';
  return null;
}

/** PUT /projects/criteria: the whole set, weights adding up to 100. */
export interface ReviseCriteriaInput {
  criteria: EvalCriterionInput[];
}

export interface ProjectMilestoneInput {
  title: string;
  plannedOn: string;
}

/** From a resolution and/or accepted needs. */
export interface CreateProjectInput {
  communityId: number;
  resolutionId?: number;
  needIds?: number[];
  title: string;
  domain: ProjectDomain;
  summary: string;
  orgId: number;
  /** Required: the server explains when it is missing. */
  socialWorkerId?: number;
  budgetFen: number;
  startsOn: string;
  endsOn: string;
  milestones: ProjectMilestoneInput[];
}

export interface ProgressInput {
  text: string;
  milestoneId?: number;
  milestoneDone?: boolean;
  peopleServed: number;
  photoIds?: number[];
}

export interface GuidanceInput {
  guidedOn: string;
  form: GuidanceForm;
  content: string;
  issues?: string;
  nextSteps?: string;
}

export interface SignOffInput {
  comment: string;
}

/** Settling a milestone the project will not reach (社工认可的原因). */
export interface WaiveMilestoneInput {
  reason: string;
}

/** The completion report with 1–9 evidence photos. */
export interface CompleteInput {
  report: string;
  evidencePhotoIds: number[];
}

export interface CriterionScoreInput {
  criterionId: number;
  score: number;
}

/** A score (0–100) for every active criterion the evaluator scores (not for the residents' ones: those are computed). */
export interface EvaluateInput {
  scores: CriterionScoreInput[];
  comment: string;
}

// ---------------------------------------------------------------- 社工证 (持证)
/** The national social-work qualification levels (社会工作者职业水平证书). */
export const SW_CERT_LEVELS = ['assistant', 'intermediate', 'senior'] as const;
export type SwCertLevel = (typeof SW_CERT_LEVELS)[number];
export const SW_CERT_LEVEL_LABEL: Record<SwCertLevel, string> = { assistant: '助理社会工作师', intermediate: '社会工作师', senior: '高级社会工作师' };

/** A social worker's certificate, as they recorded it. A project's social worker must hold one valid on its start date. */
export interface SwCertificateView {
  level: SwCertLevel;
  levelLabel: string;
  number: string;
  /** YYYY-MM-DD (Beijing); valid through that day. */
  expiresOn: string;
  /** Valid today (Beijing). */
  valid: boolean;
}

/** A certificate number as printed: digits, letters and hyphens. */
export const SW_CERT_NUMBER = /^[0-9A-Za-z-]{1,32}$/;

export interface SwCertificateInput {
  level: SwCertLevel;
  number: string;
  expiresOn: string;
}

/** `certificate` is null until recorded. */
export interface MySwCertificate {
  certificate: SwCertificateView | null;
}

/** A volunteer task made for one of the project's needs (the project page, for the people on it). */
export interface ProjectTaskItem {
  id: number;
  needId: number;
  needTitle: string;
  kindLabel: string;
  title: string;
  startsAt: string;
  endsAt: string;
  statusLabel: string;
  /** Hours credited once staff confirmed it, else null. */
  creditedHours: number | null;
}
