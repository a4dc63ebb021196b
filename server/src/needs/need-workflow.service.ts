import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock } from '../common/clock';
import { AppError, ErrorCode, conflict, forbidden } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NotificationsService } from '../notifications/notifications.service';
import { NeedFollower } from './need-follower.entity';
import {
  type ActorKind,
  findTransition,
  INPUT_LABEL,
  type LoopStep,
  NEED_STATUS_LABEL,
  NEED_STATUS_PHRASE,
  NEED_TRANSITIONS,
  type NeedInput,
  type NeedStatus,
  type NeedTransition,
} from './need-status';
import { Need } from './need.entity';
import { cut } from '../common/text';
import { beijingMinute } from '../contract/format';
import { needPage } from '../contract/needs';
import { NEED_ACTION, NEED_ENTITY, type NeedEventContext, recordNeedEvent } from './need-timeline';

/** Who acts: a user in one or more relations to the need, or the server itself. */
export interface NeedActor {
  userId: number | null;
  kinds: readonly ActorKind[];
  /** The role recorded for each kind the actor holds (shown on the timeline instead of a name). */
  roles: Partial<Record<ActorKind, string>>;
}

export const SYSTEM_ACTOR: NeedActor = { userId: null, kinds: ['system'], roles: { system: 'system' } };

export interface TransitionInput {
  reason?: string | null;
  note?: string | null;
  rating?: number | null;
  comment?: string | null;
  mergedIntoId?: number | null;
  referredTo?: string | null;
  /** Assign (or reassign) the handler when moving into handling or onward. */
  handlerId?: number | null;
  /** Where the move came from, for the timeline row (ids and figures, no personal data). */
  detail?: NeedEventContext;
}

/** What a loop step's timeline row says. */
export type NeedStepDetail = NeedEventContext & { action: string; note?: string };

// The timeline's names, for the callers that imported them from here.
export { NEED_ACTION, NEED_ENTITY };

/**
 * The one place a need changes status. `transition` checks the move against NEED_TRANSITIONS,
 * applies it with a conditional UPDATE (… WHERE id = ? AND status = <from>, so of two people
 * racing only one wins; the other gets 409), writes the timeline row and notifies the people
 * concerned — all with the caller's transaction manager. Later features (consultations,
 * resources, projects, volunteer tasks) call it from their own transactions.
 */
@Injectable()
export class NeedWorkflow {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The moves open from `status` to an actor of these kinds (for buttons in the client). */
  allowedMoves(status: NeedStatus, kinds: readonly ActorKind[]): NeedTransition[] {
    return NEED_TRANSITIONS.filter((t) => t.from === status && t.by.some((k) => kinds.includes(k)));
  }

  async transition(m: EntityManager, need: Need, to: NeedStatus, actor: NeedActor, input: TransitionInput = {}): Promise<Need> {
    const from = need.status;
    const rule = findTransition(from, to);
    if (!rule) {
      throw conflict(`该需求当前状态为“${NEED_STATUS_LABEL[from]}”，不能改为“${NEED_STATUS_LABEL[to]}”`);
    }
    const kind = rule.by.find((k) => actor.kinds.includes(k));
    if (!kind) throw forbidden(`“${rule.action}”只能由${rule.by.map(actorKindLabel).join('或')}操作`);
    this.requireInputs(rule, input);

    const now = this.clock.now();
    const patch = this.patchFor(need, rule, actor, input, now);
    const res = await m
      .createQueryBuilder()
      .update(Need)
      .set({ ...patch, status: to, updatedAt: now })
      .where('id = :id AND status = :from', { id: need.id, from })
      .execute();
    if (!res.affected) {
      // A locking read sees the latest committed row (a plain read would see this transaction's
      // REPEATABLE READ snapshot on MariaDB, i.e. the status before the winner's change).
      const latest = m.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_read' as const } };
      const current = await m.findOne(Need, { where: { id: need.id }, ...latest });
      const label = current ? NEED_STATUS_LABEL[current.status] : '已删除';
      throw conflict(`该需求刚刚已被他人处理，当前状态为“${label}”，请刷新后再操作`);
    }
    const after = await m.findOneOrFail(Need, { where: { id: need.id } });

    await recordNeedEvent(m, need, { userId: actor.userId, role: actor.roles[kind] ?? kind }, {
      kind: 'status',
      from,
      to,
      action: rule.action,
      reason: input.reason,
      note: input.note,
      rating: input.rating,
      comment: input.comment,
      referredTo: input.referredTo,
      mergedIntoId: input.mergedIntoId,
      handlerAssigned: patch.handlerId != null && patch.handlerId !== need.handlerId,
      context: input.detail,
    });

    await this.notifyChange(m, after, from, to, actor, input);
    return after;
  }

  /**
   * A loop step happened without a status change (a social worker's guidance record, a
   * volunteer task finished for this need …): one timeline row, so the step shows as reached.
   */
  async recordStep(
    m: EntityManager,
    need: Need,
    step: LoopStep,
    actor: { userId: number | null; role: string },
    detail: NeedStepDetail,
  ): Promise<void> {
    const { action, note, ...context } = detail;
    await recordNeedEvent(m, need, { userId: actor.userId, role: actor.role }, { kind: 'step', step, status: need.status, action, note, context });
  }

  /** Everyone a change concerns: reporter, followers, handler — minus whoever made it. */
  async concerned(m: EntityManager, need: Need): Promise<number[]> {
    const followers = await m.find(NeedFollower, { where: { needId: need.id } });
    const ids = new Set<number>();
    if (need.reporterId) ids.add(need.reporterId);
    if (need.handlerId) ids.add(need.handlerId);
    for (const f of followers) ids.add(f.userId);
    return [...ids];
  }

  private async notifyChange(m: EntityManager, need: Need, from: NeedStatus, to: NeedStatus, actor: NeedActor, input: TransitionInput): Promise<void> {
    const recipients = (await this.concerned(m, need)).filter((id) => id !== actor.userId);
    if (!recipients.length) return;
    const title = cut(need.title, 16);
    let body = `您关注的需求“${title}”${NEED_STATUS_LABEL[to]}`;
    let hint = '点击查看办理进展';
    let page = needPage(need.id);
    if (to === 'rejected' || to === 'closed_infeasible' || to === 'closed_referred' || (from === 'done' && to === 'in_progress')) {
      body += `：${cut(input.reason ?? '', 80)}`;
    }
    if (to === 'closed_referred' && input.referredTo) body += `（已转交${cut(input.referredTo, 40)}）`;
    if (to === 'merged' && input.mergedIntoId) {
      body = `您关注的需求“${title}”已与相同问题合并办理，后续进展请在合并后的需求中查看`;
      page = needPage(input.mergedIntoId);
    }
    if (to === 'done') {
      hint = '请确认结果并评价';
      body += `，请在 ${this.config.needs.feedbackDays} 天内确认并评价`;
    }
    await this.notifications.notify(m, {
      userIds: recipients,
      title: '需求进展',
      body,
      page,
      subscribe: {
        key: 'need_status',
        data: {
          thing1: { value: cut(need.title, 20) },
          phrase2: { value: NEED_STATUS_PHRASE[to] },
          time3: { value: beijingMinute(this.clock.now()) },
          thing4: { value: hint },
        },
      },
    });
  }

  private requireInputs(rule: NeedTransition, input: TransitionInput): void {
    const missing: NeedInput[] = rule.requires.filter((k) => {
      const v = input[k];
      return v == null || (typeof v === 'string' && !v.trim());
    });
    if (missing.length) {
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        `“${rule.action}”需要填写${missing.map((k) => INPUT_LABEL[k]).join('、')}`,
        missing.map((k) => ({ field: k, message: `请填写${INPUT_LABEL[k]}` })),
      );
    }
    if (rule.requires.includes('rating') && !(Number.isInteger(input.rating) && input.rating! >= 1 && input.rating! <= 5)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, '评分应为 1–5 的整数', [{ field: 'rating', message: '评分应为 1–5 的整数' }]);
    }
  }

  /** The columns a move sets besides the status. */
  private patchFor(need: Need, rule: NeedTransition, actor: NeedActor, input: TransitionInput, now: Date): QueryDeepPartialEntity<Need> {
    const closed = { closedAt: now, feedbackDueAt: null };
    switch (rule.to) {
      case 'accepted':
        return { acceptedAt: now };
      case 'rejected':
        return { lastReason: input.reason, ...closed };
      case 'merged':
        return { mergedIntoId: input.mergedIntoId, lastReason: input.reason ?? null, ...closed };
      case 'in_consultation':
      case 'resourcing':
      case 'in_project':
        return input.handlerId ? { handlerId: input.handlerId } : {};
      case 'in_progress': {
        if (rule.from === 'done') {
          // Reopened by the reporter: back to the same handler.
          return { lastReason: input.reason, reopenCount: () => 'reopen_count + 1', doneAt: null, feedbackDueAt: null };
        }
        return { handlerId: input.handlerId ?? need.handlerId ?? actor.userId };
      }
      case 'done':
        return { doneNote: input.note, doneAt: now, feedbackDueAt: new Date(now.getTime() + this.config.needs.feedbackDays * 86_400_000) };
      case 'rated':
        return { rating: input.rating, ratingComment: input.comment ?? null, ratedBy: actor.userId, ...closed };
      case 'closed_no_feedback':
        return closed;
      case 'closed_infeasible':
        return { lastReason: input.reason, ...closed };
      case 'closed_referred':
        return { lastReason: input.reason, referredTo: input.referredTo, ...closed };
      default:
        return {};
    }
  }
}

export function actorKindLabel(kind: ActorKind): string {
  return { reporter: '提出需求的居民', staff: '本社区工作人员或上级管理员', handler: '承办人', project: '实施项目的社会组织', system: '系统' }[kind];
}
