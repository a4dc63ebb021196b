import type { PhotoView } from './uploads';

/**
 * Residents' needs (居民需求): statuses, the closed loop's steps, the views the server answers
 * and the inputs it takes. The transition table itself (who may move a need from where to
 * where) is server-side: server/src/needs/need-status.ts.
 */

export const NEED_STATUSES = [
  'reported',
  'accepted',
  'rejected',
  'merged',
  'in_consultation',
  'resourcing',
  'in_project',
  'in_progress',
  'done',
  'rated',
  'closed_no_feedback',
  'closed_infeasible',
  'closed_referred',
] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const NEED_STATUS_LABEL: Record<NeedStatus, string> = {
  reported: '待受理',
  accepted: '已受理',
  rejected: '未受理',
  merged: '已合并',
  in_consultation: '社区协商中',
  resourcing: '资源筹集中',
  in_project: '项目实施中',
  in_progress: '处理中',
  done: '已办结，待评价',
  rated: '已评价',
  closed_no_feedback: '已关闭（未评价）',
  closed_infeasible: '已关闭（暂不可行）',
  closed_referred: '已转交',
};

/** Statuses in which a need is still being worked on (shown as "similar", counted as open). */
/**
 * A need's page in the mini-program (the resident subpackage since #15; the old
 * `pages/needs/detail/index` forwards): inbox rows and subscribe messages carry it as it is, the
 * mini-program navigates to `/` + it.
 */
export const needPage = (id: number | string): string => `resident/pages/need/index?id=${id}`;

export const OPEN_STATUSES: readonly NeedStatus[] = ['reported', 'accepted', 'in_consultation', 'resourcing', 'in_project', 'in_progress'];

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABEL: Record<Urgency, string> = { normal: '一般', urgent: '较急', critical: '紧急' };

/** The seven steps of the closed loop (闭环), in order. */
export const LOOP_STEPS = ['need', 'consultation', 'resources', 'implementation', 'guidance', 'volunteers', 'feedback'] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];
export const LOOP_STEP_LABEL: Record<LoopStep, string> = {
  need: '居民需求',
  consultation: '社区协商',
  resources: '慈善资源保障',
  implementation: '社会组织实施',
  guidance: '社工指导',
  volunteers: '志愿者参与',
  feedback: '居民监督和反馈',
};

/** done (passed through), current (where it is), skipped (moved past without it), pending (not reached). */
export const STEP_STATES = ['done', 'skipped', 'current', 'pending'] as const;
export type StepState = (typeof STEP_STATES)[number];

export const NEED_LOCATION_KINDS = ['residence', 'pin', 'none'] as const;
export type NeedLocationKind = (typeof NEED_LOCATION_KINDS)[number];

/** Inputs a move may require (NeedAction.requires). */
export type NeedInput = 'reason' | 'note' | 'rating' | 'mergedIntoId' | 'referredTo';

// ------------------------------------------------------------------------------------ views

export interface NeedCategoryView {
  id: number;
  key: string;
  label: string;
}

/** What anyone may see of a public need: no reporter, no phone, no building/unit, no pin. */
export interface PublicNeedView {
  id: number;
  communityId: number;
  communityName: string;
  category: NeedCategoryView;
  title: string;
  description: string;
  status: NeedStatus;
  statusLabel: string;
  urgency: Urgency;
  urgencyLabel: string;
  isPublic: boolean;
  meTooCount: number;
  photos: PhotoView[];
  evidencePhotos: PhotoView[];
  doneNote: string | null;
  rating: number | null;
  ratingComment: string | null;
  lastReason: string | null;
  referredTo: string | null;
  mergedIntoId: number | null;
  createdAt: string;
  acceptedAt: string | null;
  doneAt: string | null;
  closedAt: string | null;
}

/** How the caller relates to a need. */
export interface NeedRelationView {
  reporter: boolean;
  follower: boolean;
  handler: boolean;
  staff: boolean;
  meToo: boolean;
}

/** A move the caller may make now (a button). */
export interface NeedAction {
  to: NeedStatus;
  action: string;
  requires: NeedInput[];
}

/** The exact place: reporter, handler and staff only. */
export interface NeedLocationView {
  kind: NeedLocationKind;
  building: string | null;
  unit: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
}

/** Who reported it: staff only, masked. */
export interface NeedReporterView {
  proxy: boolean;
  nickname: string | null;
  phoneMasked: string | null;
  proxyNameMasked: string | null;
}

/** The full view for the reporter, followers, the handler and covering staff. */
export interface NeedView extends PublicNeedView {
  /** The running 接诉即办 clock, for staff covering the need (null otherwise, and once done or closed). */
  sla?: NeedSla | null;
  /** For the reporter, when the public reads their words differently (phone, address, names masked). */
  publicPreview?: { title: string; description: string };
  priority: number;
  reopenCount: number;
  feedbackDueAt: string | null;
  handlerId: number | null;
  relation: NeedRelationView;
  actions: NeedAction[];
  location: NeedLocationView | null;
  reporter: NeedReporterView | null;
}

/** One need as GET /needs/:id answers it: the full view to those who may see it, else the public view. */
export type NeedAnyView = NeedView | PublicNeedView;

/** Whether a need view is the full one (the caller relates to the need). */
export const isFullNeedView = (need: NeedAnyView): need is NeedView => (need as Partial<NeedView>).relation != null;

/**
 * 接诉即办 clocks. A need waiting to be accepted runs the response clock (the urgency's limit in
 * hours); an accepted, still open need runs the progress clock (a step on its timeline every
 * `progressDays`). Past the limit it is yellow (the community's staff are told), past twice the
 * limit red (the street's). `dueAt` is when the limit runs out.
 */
export type SlaState = 'ok' | 'yellow' | 'red';
export type SlaClock = 'response' | 'progress';
export const SLA_LABEL: Record<SlaState, string> = { ok: '未超时', yellow: '已超时', red: '严重超时' };
export interface NeedSla {
  clock: SlaClock;
  state: SlaState;
  dueAt: string;
}

/** The limits of the two clocks (AppConfig.needs). */
export interface SlaLimits {
  responseHours: Record<Urgency, number>;
  progressDays: number;
}

/** Accepted and not yet done or closed: the progress clock runs. */
export const HANDLING_STATUSES: readonly NeedStatus[] = ['accepted', 'in_consultation', 'resourcing', 'in_project', 'in_progress'];

/**
 * The running clock of a need (null once done or closed): `lastStepAt` is its latest timeline step
 * (the report, a status change, a loop step), which restarts the progress clock.
 */
export function needSla(
  need: { status: NeedStatus; urgency: Urgency; createdAt: string | Date },
  lastStepAt: string | Date | null,
  now: Date,
  limits: SlaLimits,
): NeedSla | null {
  let clock: SlaClock;
  let start: number;
  let limit: number;
  if (need.status === 'reported') {
    clock = 'response';
    start = new Date(need.createdAt).getTime();
    limit = limits.responseHours[need.urgency] * 3_600_000;
  } else if (HANDLING_STATUSES.includes(need.status)) {
    clock = 'progress';
    start = new Date(lastStepAt ?? need.createdAt).getTime();
    limit = limits.progressDays * 86_400_000;
  } else {
    return null;
  }
  const late = now.getTime() - start;
  return { clock, state: late >= 2 * limit ? 'red' : late >= limit ? 'yellow' : 'ok', dueAt: new Date(start + limit).toISOString() };
}

export interface NeedListItem {
  id: number;
  communityId: number;
  communityName: string;
  categoryLabel: string;
  title: string;
  status: NeedStatus;
  statusLabel: string;
  urgency: Urgency;
  urgencyLabel: string;
  priority: number;
  meTooCount: number;
  createdAt: string;
  updatedAt: string;
  /** The running 接诉即办 clock, in the staff's queue only (null once done or closed). */
  sla?: NeedSla | null;
}

/** An open public need like the one being written: joined already (meToo), or my own (mine). */
export interface SimilarNeed extends NeedListItem {
  meToo: boolean;
  mine: boolean;
}

export const MY_NEED_RELATIONS = ['reporter', 'me_too', 'merged'] as const;
export type MyNeedRelation = (typeof MY_NEED_RELATIONS)[number];

/** A need I reported, or follow (我也遇到了, or merged from mine). */
export interface MyNeedItem extends NeedListItem {
  relation: MyNeedRelation;
}

export interface NeedTimelineStep {
  key: LoopStep;
  label: string;
  state: StepState;
}

export const NEED_EVENT_KINDS = ['report', 'status', 'step', 'merged_in', 'assign'] as const;
export type NeedEventKind = (typeof NEED_EVENT_KINDS)[number];

/** One row of a need's timeline: people are shown as roles, never by name. */
export interface NeedTimelineEvent {
  id: number;
  at: string;
  kind: NeedEventKind;
  action: string;
  fromStatus: NeedStatus | null;
  toStatus: NeedStatus | null;
  fromLabel: string | null;
  toLabel: string | null;
  actorRole: string | null;
  actorRoleLabel: string;
  reason: string | null;
  note: string | null;
  rating: number | null;
  comment: string | null;
  referredTo: string | null;
  mergedIntoId: number | null;
  fromNeedId: number | null;
  step: LoopStep | null;
  /** The consultation topic or service project the move came from (both have public pages). */
  topicId: number | null;
  projectId: number | null;
}

export interface NeedTimeline {
  need: NeedAnyView;
  steps: NeedTimelineStep[];
  events: NeedTimelineEvent[];
}

// ----------------------------------------------------------------------------------- inputs

/** The subscribe-message templates the person just allowed (wx.requestSubscribeMessage). */
export interface SubscribedInput {
  subscribed?: string[];
}

export interface NeedPin {
  lat: number;
  lng: number;
  address: string;
}

export interface NeedLocationInput {
  kind: NeedLocationKind;
  pin?: NeedPin;
}

/** A need entered by staff for an offline resident (代报). Kept private; the phone is encrypted. */
export interface NeedOnBehalfInput {
  name: string;
  phone?: string;
  building?: string;
  unit?: string;
}

export interface ReportNeedInput extends SubscribedInput {
  communityId?: number;
  categoryId: number;
  title: string;
  description: string;
  photoIds?: number[];
  location: NeedLocationInput;
  urgency: Urgency;
  isPublic: boolean;
  onBehalfOf?: NeedOnBehalfInput;
}

export interface SimilarNeedsQuery {
  communityId: number;
  categoryId?: number;
  q?: string;
}

/** The triage queue of a node's subtree (default: every open status). */
export interface NeedQueueQuery {
  nodeId: number;
  status?: NeedStatus;
  categoryId?: number;
  urgency?: Urgency;
  olderThanDays?: number;
  /** Only needs past their clock's limit (yellow or red). */
  overdue?: 'yes';
  /** 我的待办: only needs assigned to the caller. */
  mine?: 'yes';
  /** Words of the title or description, or a need's number. */
  q?: string;
  limit?: number;
  offset?: number;
}

export interface AcceptNeedInput {
  note?: string;
  /** 0 normal … 3 highest. */
  priority?: number;
}

export interface RejectNeedInput {
  reason: string;
}

export interface MergeNeedInput {
  intoId: number;
  reason?: string;
}

export interface NeedPriorityInput {
  priority: number;
}

/** Where an accepted need goes next: straight to handling, or onward through the loop. */
export const NEED_ROUTE_TARGETS = ['in_progress', 'in_consultation', 'resourcing', 'in_project'] as const;
export type NeedRouteTarget = (typeof NEED_ROUTE_TARGETS)[number];

export interface RouteNeedInput {
  to: NeedRouteTarget;
  handlerId?: number;
  note?: string;
}

export interface DoneNeedInput {
  note: string;
  evidencePhotoIds?: number[];
}

export interface RateNeedInput extends SubscribedInput {
  rating: number;
  comment?: string;
  /** 代报 needs: the day (YYYY-MM-DD, Beijing) a staff member other than the handler called the resident back (回访). */
  visitedOn?: string;
}

export interface ReopenNeedInput extends SubscribedInput {
  reason: string;
}

/** Honest closures: 暂不可行 (infeasible) or 已转交 (referred elsewhere). */
export const NEED_CLOSE_KINDS = ['infeasible', 'referred'] as const;
export type NeedCloseKind = (typeof NEED_CLOSE_KINDS)[number];

export interface CloseNeedInput {
  kind: NeedCloseKind;
  reason: string;
  referredTo?: string;
}

/** A person a need can be handed to (staff, social worker or organization member covering its community). */
export interface HandlerOption {
  userId: number;
  name: string;
  /** 社区工作人员 · 文昌社区 */
  roleLabel: string;
  current: boolean;
}

export interface AssignNeedInput {
  handlerId: number;
}

/** POST /needs/accept-many: each need accepted on its own; the ones that could not be, with the reason. */
export interface AcceptManyInput {
  ids: number[];
}
export interface AcceptManyResult {
  accepted: number[];
  failed: Array<{ id: number; message: string }>;
}
