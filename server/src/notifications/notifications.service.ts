import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InboxMessage } from './inbox-message.entity';
import { OutboxMessage } from './outbox-message.entity';
import { SubscriptionCredit } from './subscription-credit.entity';
import { cut } from '../common/text';
import { sqlTime } from '../database/raw';
import { inTransaction } from '../database/transaction';

/** Subscribe-message templates the mini-program may ask the user to accept (wx.requestSubscribeMessage). */
export const TEMPLATE_KEYS = ['need_status'] as const;
/** Templates of other flows, granted through their own endpoints (volunteers: activity reminders). */
export const MORE_TEMPLATE_KEYS = ['activity_reminder'] as const;
/** Templates staff accept for their own work (a spending waits for their approval; a 紧急 need was reported), granted through POST /inbox/subscriptions. */
export const STAFF_TEMPLATE_KEYS = ['fund_approval', 'urgent_need'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number] | (typeof MORE_TEMPLATE_KEYS)[number] | (typeof STAFF_TEMPLATE_KEYS)[number];
const ALL_TEMPLATE_KEYS: readonly string[] = [...TEMPLATE_KEYS, ...MORE_TEMPLATE_KEYS, ...STAFF_TEMPLATE_KEYS];

/** One more grant for (user, template): inserts the row or adds to it, in one statement on either database. */
async function addCredit(m: EntityManager, userId: number, key: string, now: Date): Promise<void> {
  const at = sqlTime(m, now);
  if (m.connection.options.type === 'better-sqlite3') {
    await m.query(
      'INSERT INTO subscription_credit (user_id, template_key, available, updated_at) VALUES (?, ?, 1, ?) ' +
        'ON CONFLICT (user_id, template_key) DO UPDATE SET available = available + 1, updated_at = excluded.updated_at',
      [userId, key, at],
    );
  } else {
    await m.query(
      'INSERT INTO subscription_credit (user_id, template_key, available, updated_at) VALUES (?, ?, 1, ?) ' +
        'ON DUPLICATE KEY UPDATE available = available + 1, updated_at = VALUES(updated_at)',
      [userId, key, at],
    );
  }
}

export interface Notice {
  userIds: Iterable<number | null | undefined>;
  title: string;
  body: string;
  page?: string | null;
  /** Also send a one-time subscribe message to each recipient who holds a grant for `key`. */
  subscribe?: { key: TemplateKey; data: Record<string, { value: string }> };
}

import type { InboxPage, SubscriptionCredits, UnreadCount } from '../contract/notifications';


/**
 * Tells people what happened. Everything here takes the caller's transaction manager: the
 * inbox rows and the queued subscribe messages commit with the change they report, or not at
 * all. Sending to WeChat happens later, outside any transaction (OutboxDispatcher).
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  templateId(key: TemplateKey): string | null {
    switch (key) {
      case 'need_status':
        return this.config.notifications.templates.needStatus;
      case 'activity_reminder':
        return this.config.notifications.templates.activityReminder ?? null;
      case 'fund_approval':
        return this.config.notifications.templates.fundApproval ?? null;
      case 'urgent_need':
        return this.config.notifications.templates.urgentNeed ?? null;
    }
  }

  /**
   * The user accepted one-time subscriptions for these templates: one message each. One upsert
   * per key (no "update, else insert": two people's first grants at once took gap locks on the
   * unique index and deadlocked each other on MariaDB, failing the report they came with).
   */
  async grant(m: EntityManager, userId: number, keys: readonly string[] | undefined): Promise<void> {
    const now = this.clock.now();
    for (const key of new Set(keys ?? [])) {
      if (!ALL_TEMPLATE_KEYS.includes(key as TemplateKey)) continue;
      await addCredit(m, userId, key, now);
    }
  }

  /** Writes inbox rows (always) and queues subscribe messages (where a grant is left to spend). */
  async notify(m: EntityManager, notice: Notice): Promise<void> {
    const ids = [...new Set([...notice.userIds].filter((id): id is number => typeof id === 'number'))];
    if (!ids.length) return;
    const now = this.clock.now();
    await m.insert(
      InboxMessage,
      ids.map((userId) => ({ userId, title: cut(notice.title, 40), body: cut(notice.body, 200), page: notice.page ?? null, readAt: null, createdAt: now })),
    );
    const sub = notice.subscribe;
    const templateId = sub ? this.templateId(sub.key) : null;
    if (!sub || !templateId) return;
    for (const userId of ids) {
      // Spend one grant; no grant left means no message (WeChat would refuse it anyway).
      const spent = await m
        .createQueryBuilder()
        .update(SubscriptionCredit)
        .set({ available: () => 'available - 1', updatedAt: now })
        .where('user_id = :userId AND template_key = :key AND available > 0', { userId, key: sub.key })
        .execute();
      if (!spent.affected) continue;
      await m.insert(OutboxMessage, {
        userId,
        templateKey: sub.key,
        templateId,
        page: notice.page ?? null,
        data: JSON.stringify(sub.data),
        status: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        sentAt: null,
      });
    }
  }

  async inbox(userId: number, limit: number, offset: number): Promise<InboxPage> {
    const [rows, total] = await this.db.manager.findAndCount(InboxMessage, { where: { userId }, order: { id: 'DESC' }, take: limit, skip: offset });
    return {
      items: rows.map((r) => ({ id: r.id, title: r.title, body: r.body, page: r.page, read: r.readAt != null, createdAt: r.createdAt.toISOString() })),
      total,
      unread: await this.unreadCount(userId),
    };
  }

  unreadCount(userId: number): Promise<number> {
    return this.db.manager.count(InboxMessage, { where: { userId, readAt: IsNull() } });
  }

  /** Marks one message read; someone else's message does not exist for this user (404). */
  async markRead(userId: number, id: number): Promise<UnreadCount> {
    const row = await this.db.manager.findOne(InboxMessage, { where: { id, userId } });
    if (!row) throw notFound('该消息');
    if (!row.readAt) await this.db.manager.update(InboxMessage, { id, userId, readAt: IsNull() }, { readAt: this.clock.now() });
    return { unread: await this.unreadCount(userId) };
  }

  async markAllRead(userId: number): Promise<UnreadCount> {
    await this.db.manager.update(InboxMessage, { userId, readAt: IsNull() }, { readAt: this.clock.now() });
    return { unread: 0 };
  }

  /** Grants left per template key, for the client to decide whether to ask again. */
  /** The staff member accepted these staff templates (wx.requestSubscribeMessage): one message each; answers what they hold now. */
  async grantStaff(userId: number, keys: readonly string[]): Promise<SubscriptionCredits> {
    const wanted = [...new Set(keys)].filter((k) => (STAFF_TEMPLATE_KEYS as readonly string[]).includes(k));
    await inTransaction(this.db, (m) => this.grant(m, userId, wanted));
    const rows = await this.db.manager.find(SubscriptionCredit, { where: { userId, templateKey: In([...STAFF_TEMPLATE_KEYS]) } });
    return Object.fromEntries(STAFF_TEMPLATE_KEYS.map((k) => [k, rows.find((r) => r.templateKey === k)?.available ?? 0]));
  }

  async credits(userId: number): Promise<SubscriptionCredits> {
    const rows = await this.db.manager.find(SubscriptionCredit, { where: { userId, templateKey: In([...TEMPLATE_KEYS]) } });
    return Object.fromEntries(TEMPLATE_KEYS.map((k) => [k, rows.find((r) => r.templateKey === k)?.available ?? 0]));
  }
}
