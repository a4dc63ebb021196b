import { Injectable, Logger } from '@nestjs/common';
import { And, DataSource, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { NotificationsService } from '../notifications/notifications.service';
import { activityPage } from './activity-views';
import { Activity } from './activity.entity';
import { type ReminderKind, VolunteerReminder } from './reminders.entity';
import { Signup } from './signup.entity';
import { beijingDayWord, beijingMinute } from '../contract/format';
import { isUniqueViolation } from '../common/db-errors';
import { cut } from './volunteer-access';
import { inTransaction } from '../database/transaction';

/** The day-before reminder goes out once the start is this close (and the hour one not yet due). */
export const DAY_REMINDER_MS = 24 * 3600_000;
/** The hour-before reminder goes out once the start is this close. */
export const HOUR_REMINDER_MS = 3600_000;

/**
 * Reminders before a volunteer activity (活动提醒), to everyone whose sign-up is confirmed:
 *   day:  once the start is within 24 hours (and more than an hour away);
 *   hour: once the start is within the hour.
 * Each goes to the inbox and, where the volunteer accepted the activity_reminder subscription,
 * as a subscribe message. Each is sent once per sign-up: the row in volunteer_reminder (unique
 * per sign-up and kind) is written in the same transaction as the messages, so a second sweep,
 * or two servers sweeping at once, cannot send it again. A sign-up made within the hour gets
 * only the hour reminder; nothing is sent after the start.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly db: DataSource,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async sendReminders(): Promise<{ day: number; hour: number }> {
    const now = this.clock.now();
    // Only activities starting within the day: the database picks them (index on status, starts_at).
    const due = await this.db.manager.find(Activity, {
      where: { status: 'published', startsAt: And(MoreThan(now), LessThanOrEqual(new Date(now.getTime() + DAY_REMINDER_MS))) },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    const sent = { day: 0, hour: 0 };
    if (!due.length) return sent;
    const signups = await this.db.manager.find(Signup, { where: { activityId: In(due.map((a) => a.id)), status: 'confirmed' }, order: { id: 'ASC' } });
    if (!signups.length) return sent;
    const done = await this.db.manager.find(VolunteerReminder, { where: { signupId: In(signups.map((s) => s.id)) } });
    const has = new Set(done.map((r) => `${r.signupId}:${r.kind}`));
    const byId = new Map(due.map((a) => [a.id, a]));
    for (const s of signups) {
      const a = byId.get(s.activityId)!;
      const kind: ReminderKind = a.startsAt.getTime() - now.getTime() <= HOUR_REMINDER_MS ? 'hour' : 'day';
      if (has.has(`${s.id}:${kind}`)) continue;
      if (await this.sendOne(a, s, kind, now)) sent[kind]++;
    }
    if (sent.day || sent.hour) this.logger.log({ msg: 'volunteer activity reminders sent', ...sent });
    return sent;
  }

  private async sendOne(a: Activity, s: Signup, kind: ReminderKind, now: Date): Promise<boolean> {
    try {
      return await inTransaction(this.db, async (m) => {
        // Still confirmed (not cancelled meanwhile)? Then claim the reminder row, then send.
        const fresh = await m.findOne(Signup, { where: { id: s.id } });
        if (fresh?.status !== 'confirmed') return false;
        await m.insert(VolunteerReminder, { signupId: s.id, kind, sentAt: now });
        // By the Beijing calendar day: an activity this evening is 今天, not 明天.
        const day = beijingDayWord(a.startsAt, now);
        const when = kind === 'hour' ? '1 小时内' : day;
        await this.notifications.notify(m, {
          userIds: [s.userId],
          title: kind === 'hour' ? '活动即将开始' : '活动提醒',
          body: `您报名的“${cut(a.title, 20)}”将于${when}开始（${beijingMinute(a.startsAt)}），地点：${cut(a.address, 40)}。请准时到场扫码签到；如不能参加，请提前取消报名`,
          page: activityPage(a.id),
          subscribe: {
            key: 'activity_reminder',
            data: {
              thing1: { value: cut(a.title, 20) },
              time2: { value: beijingMinute(a.startsAt) },
              thing3: { value: cut(a.address, 20) },
              thing4: { value: kind === 'hour' ? '活动即将开始，请准时签到' : `${day}开始，请准时参加` },
            },
          },
        });
        return true;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return false; // another sweep sent it just now
      throw err;
    }
  }
}
