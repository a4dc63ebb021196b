/**
 * The need's status machine as data: every status, every allowed move (from → to), who may make
 * it and what it needs. NeedWorkflow.transition applies exactly these rows and nothing else.
 *
 * Later features plug in here: a consultation topic moves a need accepted → in_consultation and
 * then on to resourcing / in_project / in_progress; the fund and micro-wishes move it into
 * resourcing; a service project into in_project and to done. They call the same transition()
 * inside their own transaction, and add actor kinds (e.g. the project's organization) in
 * NeedWorkflow.actorKinds if they need new kinds of people to act.
 */

import {
  LOOP_STEP_LABEL,
  LOOP_STEPS,
  type LoopStep,
  NEED_STATUS_LABEL,
  NEED_STATUSES,
  type NeedInput,
  type NeedStatus,
  OPEN_STATUSES,
  URGENCIES,
  URGENCY_LABEL,
  type Urgency,
} from '../contract/needs';

// The enums and labels both sides show live in the wire contract; the other domains import them from here.
export { LOOP_STEP_LABEL, LOOP_STEPS, NEED_STATUS_LABEL, NEED_STATUSES, OPEN_STATUSES, URGENCIES, URGENCY_LABEL };
export type { LoopStep, NeedInput, NeedStatus, Urgency };

/** Five characters at most: the `phrase` field of a subscribe message. */
export const NEED_STATUS_PHRASE: Record<NeedStatus, string> = {
  reported: '待受理',
  accepted: '已受理',
  rejected: '未受理',
  merged: '已合并',
  in_consultation: '协商中',
  resourcing: '筹集资源中',
  in_project: '项目实施中',
  in_progress: '处理中',
  done: '待评价',
  rated: '已评价',
  closed_no_feedback: '已关闭',
  closed_infeasible: '不可行',
  closed_referred: '已转交',
};

/** The end of the road: nothing moves out of these. */
export const FINAL_STATUSES: readonly NeedStatus[] = ['rejected', 'merged', 'rated', 'closed_no_feedback', 'closed_infeasible', 'closed_referred'];

/**
 * Kinds of actor, resolved per need (NeedWorkflow.actorKinds):
 *  - reporter: who reported it (for a 代报 need, staff covering the community act for the resident);
 *  - staff: staff or admin whose node covers the need's community;
 *  - handler: the person the need was assigned to;
 *  - project: a member of the social organization implementing a service project the need is
 *    linked to (orgActor in projects/project-rules.ts grants it; the needs API never does);
 *  - system: the server itself (the unrated-need sweep).
 */
export type ActorKind = 'reporter' | 'staff' | 'handler' | 'project' | 'system';


export const INPUT_LABEL: Record<NeedInput, string> = {
  reason: '原因',
  note: '处理说明',
  rating: '评分',
  mergedIntoId: '合并到的需求',
  referredTo: '转交单位',
};

export interface NeedTransition {
  from: NeedStatus;
  to: NeedStatus;
  by: readonly ActorKind[];
  requires: readonly NeedInput[];
  /** What the move is called (timeline, error messages). */
  action: string;
}

const ONWARD: readonly NeedStatus[] = ['accepted', 'in_consultation', 'resourcing', 'in_project', 'in_progress'];

const t = (from: NeedStatus, to: NeedStatus, by: readonly ActorKind[], requires: readonly NeedInput[], action: string): NeedTransition => ({
  from,
  to,
  by,
  requires,
  action,
});

export const NEED_TRANSITIONS: readonly NeedTransition[] = [
  // 居民需求: triage
  t('reported', 'accepted', ['staff'], [], '受理'),
  t('reported', 'rejected', ['staff'], ['reason'], '不予受理'),
  t('reported', 'merged', ['staff'], ['mergedIntoId'], '合并到相同需求'),
  t('accepted', 'merged', ['staff'], ['mergedIntoId'], '合并到相同需求'),
  t('reported', 'closed_referred', ['staff'], ['reason', 'referredTo'], '转交其他单位'),
  // routing after acceptance: straight to handling, or onward through the loop
  t('accepted', 'in_progress', ['staff'], [], '直接办理'),
  t('accepted', 'in_consultation', ['staff'], [], '提交社区协商'),
  t('accepted', 'resourcing', ['staff'], [], '筹集慈善资源'),
  t('accepted', 'in_project', ['staff'], [], '纳入服务项目'),
  t('in_consultation', 'resourcing', ['staff'], [], '协商通过，筹集资源'),
  t('in_consultation', 'in_project', ['staff'], [], '协商通过，纳入服务项目'),
  t('in_consultation', 'in_progress', ['staff'], [], '协商通过，安排办理'),
  t('resourcing', 'in_project', ['staff'], [], '资源到位，纳入服务项目'),
  t('resourcing', 'in_progress', ['staff'], [], '资源到位，安排办理'),
  t('in_project', 'in_progress', ['staff', 'project'], [], '项目开始实施'),
  // handling done, then the resident's judgement
  t('in_progress', 'done', ['handler', 'staff', 'project'], ['note'], '办结'),
  t('in_project', 'done', ['handler', 'staff', 'project'], ['note'], '办结'),
  t('done', 'rated', ['reporter'], ['rating'], '确认并评价'),
  t('done', 'in_progress', ['reporter'], ['reason'], '未解决，重新办理'),
  t('done', 'closed_no_feedback', ['system'], [], '逾期未评价，自动关闭'),
  // honest closures
  ...ONWARD.map((from) => t(from, 'closed_infeasible', ['staff'], ['reason'], '暂不可行，关闭')),
  ...ONWARD.map((from) => t(from, 'closed_referred', ['staff'], ['reason', 'referredTo'], '转交其他单位')),
];

export function findTransition(from: NeedStatus, to: NeedStatus): NeedTransition | undefined {
  return NEED_TRANSITIONS.find((x) => x.from === from && x.to === to);
}

/**
 * Where each status sits on the loop, as a position: integer positions are the steps above
 * (0 need … 6 feedback); `in_progress` (handling without a project) sits between the middle
 * steps and feedback, so the steps it jumped over show as skipped. Final closures sit past the
 * end: every step the need never reached shows as skipped.
 */
export const STATUS_POSITION: Record<NeedStatus, number> = {
  reported: 0,
  accepted: 0,
  rejected: 7,
  merged: 7,
  in_consultation: 1,
  resourcing: 2,
  in_project: 3,
  in_progress: 5.5,
  done: 6,
  rated: 6,
  closed_no_feedback: 7,
  closed_infeasible: 7,
  closed_referred: 7,
};
