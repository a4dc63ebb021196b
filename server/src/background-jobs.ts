import type { INestApplication } from '@nestjs/common';
import { JsonLogger } from './common/logger';
import type { AppConfig } from './config/app-config';
import { NeedsService } from './needs/needs.service';
import { OutboxDispatcher } from './notifications/outbox.dispatcher';
import { RemindersService } from './volunteers/reminders.service';
import { TasksService } from './volunteers/tasks.service';
import { WishesService } from './wishes/wishes.service';

/**
 * The server's periodic work, on unref'd timers so they never keep the process alive:
 * sending queued subscribe messages and closing needs left unrated past NEED_FEEDBACK_DAYS.
 * Tests call the same service methods directly instead (after moving the clock).
 */
export function startBackgroundJobs(app: INestApplication, config: AppConfig): () => void {
  const needs = app.get(NeedsService);
  const outbox = app.get(OutboxDispatcher);
  const wishes = app.get(WishesService);
  const volunteerTasks = app.get(TasksService);
  const volunteerReminders = app.get(RemindersService);
  let busy = false;
  const run = async () => {
    if (busy) return;
    busy = true;
    try {
      await outbox.dispatchOutbox();
      await needs.closeUnrated();
      await wishes.releaseExpiredClaims();
      await volunteerTasks.alertUnclaimed();
      await volunteerReminders.sendReminders();
    } catch (err) {
      JsonLogger.write('error', 'background job failed', { err: { name: (err as Error)?.name, message: (err as Error)?.message } });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void run(), config.notifications.jobIntervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
