import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { User } from '../users/user.entity';
import { WechatApiError, WechatClient } from '../wechat/wechat.client';
import { OutboxMessage } from './outbox-message.entity';

/** WeChat answers that no retry can fix: the user refused, a bad openid, template or data. */
const PERMANENT = new Set([43101, 40003, 40037, 47003, 47001]);
/** How long a claimed message is left alone before another run may try it (a crashed send). */
const LEASE_MS = 5 * 60_000;
const BATCH = 50;

export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1)); // 1, 2, 4, 8 … min, at most 1 h
}

/**
 * Sends queued subscribe messages. Each message is claimed with a conditional UPDATE (so two
 * runs never send it twice), sent through WechatClient outside any transaction, then marked
 * sent — or rescheduled with backoff, or given up after OUTBOX_MAX_ATTEMPTS. Nothing here can
 * touch the status change that queued the message.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private running: Promise<{ sent: number; failed: number; retried: number }> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly wechat: WechatClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One pass over the due messages. Concurrent calls share the pass in progress. */
  dispatchOutbox(): Promise<{ sent: number; failed: number; retried: number }> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<{ sent: number; failed: number; retried: number }> {
    const result = { sent: 0, failed: 0, retried: 0 };
    const due = await this.db.manager.find(OutboxMessage, {
      where: { status: 'queued', nextAttemptAt: LessThanOrEqual(this.clock.now()) },
      order: { id: 'ASC' },
      take: BATCH,
    });
    for (const msg of due) {
      const now = this.clock.now();
      const claimed = await this.db.manager
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ attempts: () => 'attempts + 1', nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where('id = :id AND status = :status AND attempts = :attempts', { id: msg.id, status: 'queued', attempts: msg.attempts })
        .execute();
      if (!claimed.affected) continue;
      const attempts = msg.attempts + 1;
      const user = await this.db.manager.findOne(User, { where: { id: msg.userId } });
      try {
        if (!user) throw new WechatApiError('subscribeMessage.send', 40003, 'user gone');
        await this.wechat.sendSubscribeMessage({
          touser: user.openid,
          templateId: msg.templateId,
          page: msg.page ?? undefined,
          data: JSON.parse(msg.data) as Record<string, { value: string }>,
        });
        await this.db.manager.update(OutboxMessage, { id: msg.id }, { status: 'sent', sentAt: this.clock.now(), lastError: null });
        result.sent++;
      } catch (err) {
        const code = err instanceof WechatApiError ? err.errcode : -1;
        const error = (err instanceof WechatApiError ? `${err.errcode} ${err.errmsg}` : (err as Error).name).slice(0, 200);
        const giveUp = PERMANENT.has(code) || attempts >= this.config.notifications.maxAttempts;
        await this.db.manager.update(
          OutboxMessage,
          { id: msg.id },
          giveUp
            ? { status: 'failed', lastError: error }
            : { lastError: error, nextAttemptAt: new Date(this.clock.now().getTime() + backoffMs(attempts)) },
        );
        if (giveUp) result.failed++;
        else result.retried++;
        this.logger.warn({ msg: 'subscribe message not sent', outboxId: msg.id, attempts, errcode: code, gaveUp: giveUp });
      }
    }
    return result;
  }
}
