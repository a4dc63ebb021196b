import { type EntityManager, In } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity';
import { redactText } from '../common/redact';
import {
  LOOP_STEP_LABEL,
  LOOP_STEPS,
  type LoopStep,
  NEED_STATUS_LABEL,
  type NeedStatus,
  type NeedTimelineEvent,
  type NeedTimelineStep,
  type StepState,
} from '../contract/needs';
import { ROLE_LABEL } from '../roles/role';
import { STATUS_POSITION } from './need-status';

/**
 * A need's timeline: the ONE writer and reader of its rows. The rows are audit_log rows with
 * entity_type 'need' (so they commit or roll back with the change they describe, in the
 * caller's transaction); what each kind stores is the typed NeedEvent below, written by
 * recordNeedEvent() and read back by readNeedEvents() — nothing else writes or parses them
 * (NeedWorkflow, the needs services and the demo seeds all come through here).
 */

export const NEED_ENTITY = 'need';
export const NEED_ACTION = {
  report: 'need.report',
  status: 'need.status',
  step: 'need.step',
  mergedIn: 'need.merged_in',
  priority: 'need.priority',
  assign: 'need.assign',
} as const;

/**
 * Ids and figures from the domain a move or step came from (never personal data): the
 * timeline links the topic and the project; the rest stays in the audit trail.
 */
export interface NeedEventContext {
  topicId?: number;
  topicTitle?: string;
  meetingId?: number;
  resolutionId?: number;
  projectId?: number;
  orgName?: string;
  progressId?: number;
  guidanceId?: number;
  taskId?: number;
  volunteers?: number;
  hours?: number;
  evidencePhotos?: number;
  feedbackDays?: number;
}

/** What happened to a need, by kind. `action` is what the timeline calls it. */
export type NeedEvent =
  | { kind: 'report'; action: string; proxy: boolean; photos: number }
  | {
      kind: 'status';
      from: NeedStatus;
      to: NeedStatus;
      action: string;
      reason?: string | null;
      note?: string | null;
      rating?: number | null;
      comment?: string | null;
      referredTo?: string | null;
      mergedIntoId?: number | null;
      /** The move (re)assigned the handler. */
      handlerAssigned?: boolean;
      context?: NeedEventContext;
    }
  /** A loop step reached without a status change (a meeting held, guidance given, a volunteer task done …). */
  | { kind: 'step'; step: LoopStep; status: NeedStatus; action: string; note?: string; context?: NeedEventContext }
  /** Another need was merged into this one. */
  | { kind: 'merged_in'; status: NeedStatus; fromNeedId: number; action: string }
  /** Staff changed the triage priority (audit only: not shown on the timeline). */
  | { kind: 'priority'; from: number; to: number }
  /** Staff handed the need to a handler (shown as the handler's role, never the name). */
  | { kind: 'assign'; status: NeedStatus; action: string; handlerRole: string };

/** Who acted, as a role (the timeline shows roles, never names). */
export interface NeedEventActor {
  userId: number | null;
  role: string | null;
}

/** A timeline row read back. */
export interface StoredNeedEvent {
  id: number;
  at: Date;
  actorRole: string | null;
  event: NeedEvent;
}

// What each kind keeps in audit_log.detail (JSON); from/to/reason have columns of their own.
interface ReportDetail {
  action: string;
  proxy: boolean;
  photos: number;
}
type StatusDetail = NeedEventContext & {
  action: string;
  note?: string;
  rating?: number;
  comment?: string;
  referredTo?: string;
  mergedIntoId?: number;
  handlerAssigned?: true;
};
type StepDetail = NeedEventContext & { action: string; note?: string; step: LoopStep };
interface MergedInDetail {
  action: string;
  fromNeedId: number;
}

/** The row (columns and JSON detail) for an event. */
function toRow(e: NeedEvent): Pick<AuditLog, 'action' | 'fromState' | 'toState' | 'reason' | 'detail'> {
  const json = (d: object) => JSON.stringify(Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined && v !== null)));
  switch (e.kind) {
    case 'report':
      return { action: NEED_ACTION.report, fromState: null, toState: 'reported', reason: null, detail: json({ action: e.action, proxy: e.proxy, photos: e.photos } satisfies ReportDetail) };
    case 'status': {
      const detail: StatusDetail = {
        action: e.action,
        note: e.note ?? undefined,
        rating: e.rating ?? undefined,
        comment: e.comment ?? undefined,
        referredTo: e.referredTo ?? undefined,
        mergedIntoId: e.mergedIntoId ?? undefined,
        handlerAssigned: e.handlerAssigned ? true : undefined,
        ...e.context,
      };
      return { action: NEED_ACTION.status, fromState: e.from, toState: e.to, reason: e.reason ?? null, detail: json(detail) };
    }
    case 'step':
      return { action: NEED_ACTION.step, fromState: e.status, toState: e.status, reason: null, detail: json({ ...e.context, action: e.action, note: e.note, step: e.step } satisfies StepDetail) };
    case 'merged_in':
      return { action: NEED_ACTION.mergedIn, fromState: e.status, toState: e.status, reason: null, detail: json({ action: e.action, fromNeedId: e.fromNeedId } satisfies MergedInDetail) };
    case 'priority':
      return { action: NEED_ACTION.priority, fromState: String(e.from), toState: String(e.to), reason: null, detail: null };
    case 'assign':
      return { action: NEED_ACTION.assign, fromState: e.status, toState: e.status, reason: null, detail: json({ action: e.action, handlerRole: e.handlerRole }) };
  }
}

/** The event a row records (the inverse of toRow). */
function fromRow(row: AuditLog): NeedEvent {
  const detail = row.detail ? JSON.parse(row.detail) : {};
  switch (row.action) {
    case NEED_ACTION.report: {
      const d = detail as ReportDetail;
      return { kind: 'report', action: d.action, proxy: d.proxy, photos: d.photos };
    }
    case NEED_ACTION.step: {
      const { action, note, step, ...context } = detail as StepDetail;
      return { kind: 'step', step, status: row.toState as NeedStatus, action, note, context };
    }
    case NEED_ACTION.mergedIn: {
      const d = detail as MergedInDetail;
      return { kind: 'merged_in', status: row.toState as NeedStatus, fromNeedId: d.fromNeedId, action: d.action };
    }
    case NEED_ACTION.priority:
      return { kind: 'priority', from: Number(row.fromState), to: Number(row.toState) };
    case NEED_ACTION.assign:
      return { kind: 'assign', status: row.toState as NeedStatus, action: detail.action, handlerRole: detail.handlerRole };
    default: {
      const { action, note, rating, comment, referredTo, mergedIntoId, handlerAssigned, ...context } = detail as StatusDetail;
      return {
        kind: 'status',
        from: row.fromState as NeedStatus,
        to: row.toState as NeedStatus,
        action,
        reason: row.reason,
        note,
        rating,
        comment,
        referredTo,
        mergedIntoId,
        handlerAssigned,
        context,
      };
    }
  }
}

/**
 * Writes one timeline row with the caller's transaction manager. `at` backdates it (the demo
 * seeds); otherwise it is the application clock's now.
 */
export async function recordNeedEvent(
  m: EntityManager,
  need: { id: number; communityId: number },
  actor: NeedEventActor,
  event: NeedEvent,
  at?: Date,
): Promise<void> {
  await m.save(
    AuditLog,
    m.create(AuditLog, {
      actorId: actor.userId,
      actorRole: actor.role,
      entityType: NEED_ENTITY,
      entityId: need.id,
      nodeId: need.communityId,
      ...toRow(event),
      ...(at ? { createdAt: at } : {}),
    }),
  );
}

/** The kinds shown on the timeline (priority changes are audit only). */
const SHOWN = [NEED_ACTION.report, NEED_ACTION.status, NEED_ACTION.step, NEED_ACTION.mergedIn, NEED_ACTION.assign];

/** A need's timeline rows, oldest first. */
export async function readNeedEvents(m: EntityManager, needId: number): Promise<StoredNeedEvent[]> {
  const rows = await m.find(AuditLog, { where: { entityType: NEED_ENTITY, entityId: needId, action: In(SHOWN) }, order: { id: 'ASC' } });
  return rows.map((r) => ({ id: r.id, at: r.createdAt, actorRole: r.actorRole, event: fromRow(r) }));
}

const ACTOR_LABEL: Record<string, string> = { ...ROLE_LABEL, system: '系统', handler: '承办人' };

/** A stored event as the timeline shows it; texts others wrote pass the redactor on the public page. */
export function timelineEventView(s: StoredNeedEvent, publicView: boolean): NeedTimelineEvent {
  const text = (v: string | null | undefined) => (v ? (publicView ? redactText(v) : v) : null);
  const e = s.event;
  const base = {
    id: s.id,
    at: s.at.toISOString(),
    actorRole: s.actorRole,
    actorRoleLabel: s.actorRole ? (ACTOR_LABEL[s.actorRole] ?? s.actorRole) : '系统',
    fromStatus: null,
    toStatus: null,
    fromLabel: null,
    toLabel: null,
    reason: null,
    note: null,
    rating: null,
    comment: null,
    referredTo: null,
    mergedIntoId: null,
    fromNeedId: null,
    step: null,
    topicId: null,
    projectId: null,
  } satisfies Omit<NeedTimelineEvent, 'kind' | 'action'>;
  switch (e.kind) {
    case 'report':
      return { ...base, kind: 'report', action: e.action, toStatus: 'reported', toLabel: NEED_STATUS_LABEL.reported };
    case 'status':
      return {
        ...base,
        kind: 'status',
        action: e.action,
        fromStatus: e.from,
        toStatus: e.to,
        fromLabel: NEED_STATUS_LABEL[e.from],
        toLabel: NEED_STATUS_LABEL[e.to],
        reason: text(e.reason),
        note: text(e.note),
        rating: e.rating ?? null,
        comment: text(e.comment),
        referredTo: text(e.referredTo),
        mergedIntoId: e.mergedIntoId ?? null,
        topicId: e.context?.topicId ?? null,
        projectId: e.context?.projectId ?? null,
      };
    case 'step':
      return {
        ...base,
        kind: 'step',
        action: e.action,
        note: text(e.note),
        step: e.step,
        topicId: e.context?.topicId ?? null,
        projectId: e.context?.projectId ?? null,
      };
    case 'merged_in':
      return { ...base, kind: 'merged_in', action: e.action, fromNeedId: e.fromNeedId };
    case 'assign':
      return { ...base, kind: 'assign', action: e.action, note: `由${ACTOR_LABEL[e.handlerRole] ?? e.handlerRole}承办` };
    case 'priority':
      throw new Error('priority changes are not shown on the timeline');
  }
}

/**
 * The seven loop steps for a need: done (passed through), current (where it is), skipped (it
 * moved past without going through), pending (not reached yet). See STATUS_POSITION.
 */
export function loopSteps(status: NeedStatus, events: Array<Pick<NeedTimelineEvent, 'toStatus' | 'step'>>): NeedTimelineStep[] {
  const visited = new Set<LoopStep>(['need']);
  for (const e of events) {
    if (e.step) visited.add(e.step);
    if (e.toStatus) {
      const pos = STATUS_POSITION[e.toStatus];
      // Routing to 筹集资源 does not mean resources came: that step is written by the real
      // event (recordResourcesArrived), like guidance and volunteers.
      if (Number.isInteger(pos) && pos <= 3 && LOOP_STEPS[pos] !== 'resources') visited.add(LOOP_STEPS[pos]);
    }
  }
  const position = STATUS_POSITION[status];
  const final = position >= 7;
  return LOOP_STEPS.map((key, i) => {
    let state: StepState;
    if (key === 'feedback') {
      state = status === 'rated' ? 'done' : status === 'done' ? 'current' : final ? 'skipped' : 'pending';
    } else if (i === position) state = 'current';
    else if (i < position) state = visited.has(key) ? 'done' : 'skipped';
    else state = visited.has(key) ? 'current' : 'pending';
    return { key, label: LOOP_STEP_LABEL[key], state };
  });
}

/**
 * 慈善资源保障 reached by a real event — money posted for the need (or for a project it is in),
 * goods sent to it, a wish linked to it delivered — recorded as a step on each need concerned.
 * Routing a need to `resourcing` only says resources are being sought; this says they arrived.
 */
export async function recordResourcesArrived(
  m: EntityManager,
  target: { needIds?: number[]; projectId?: number | null },
  actor: NeedEventActor,
  action: string,
  note: string | null,
): Promise<void> {
  const ids = new Set([...(target.needIds ?? []), ...(target.projectId ? await projectNeedIds(m, target.projectId) : [])]);
  if (!ids.size) return;
  const needs: Array<{ id: unknown; community_id: unknown; status: NeedStatus }> = await m.query(
    `SELECT id, community_id, status FROM need WHERE id IN (${[...ids].map(() => '?').join(',')}) ORDER BY id`,
    [...ids],
  );
  for (const n of needs) {
    const need = { id: Number(n.id), communityId: Number(n.community_id) };
    const context: NeedEventContext = target.projectId ? { projectId: target.projectId } : {};
    await recordNeedEvent(m, need, actor, { kind: 'step', step: 'resources', status: n.status, action, ...(note ? { note } : {}), context });
  }
}

/** The needs a service project serves (project_need). */
export async function projectNeedIds(m: EntityManager, projectId: number): Promise<number[]> {
  const rows: Array<{ need_id: unknown }> = await m.query('SELECT need_id FROM project_need WHERE project_id = ? ORDER BY need_id', [projectId]);
  return rows.map((r) => Number(r.need_id));
}
