import type { INestApplication } from '@nestjs/common';
import { IdempotencyStore } from './common/idempotency';
import { JsonLogger } from './common/logger';
import type { AppConfig } from './config/app-config';
import { NeedsService } from './needs/needs.service';
import { OutboxDispatcher } from './notifications/outbox.dispatcher';
import { RemindersService } from './volunteers/reminders.service';
import { TasksService } from './volunteers/tasks.service';
import { ClaimsService } from './wishes/claims.service';

export interface Sweep {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Runs each sweep in turn, each in its own try: one that fails is logged and the others still
 * run in the same tick. Answers the names of the sweeps that failed.
 */
export async function runSweeps(sweeps: readonly Sweep[]): Promise<string[]> {
  const failed: string[] = [];
  for (const sweep of sweeps) {
    try {
      await sweep.run();
    } catch (err) {
      failed.push(sweep.name);
      JsonLogger.write('error', 'background job failed', { job: sweep.name, err: { name: (err as Error)?.name, message: (err as Error)?.message } });
    }
  }
  return failed;
}

/** The server's sweeps, in the order they run. Tests call the same service methods directly instead (after moving the clock). */
export function sweepsOf(app: INestApplication): Sweep[] {
  const needs = app.get(NeedsService);
  const outbox = app.get(OutboxDispatcher);
  const wishClaims = app.get(ClaimsService);
  const volunteerTasks = app.get(TasksService);
  const volunteerReminders = app.get(RemindersService);
  const idempotency = app.get(IdempotencyStore);
  return [
    { name: 'outbox', run: () => outbox.dispatchOutbox() },
    { name: 'remind-unrated-needs', run: () => needs.remindUnrated() },
    { name: 'close-unrated-needs', run: () => needs.closeUnrated() },
    { name: 'escalate-overdue-needs', run: () => needs.escalateOverdue() },
    { name: 'release-expired-wish-claims', run: () => wishClaims.releaseExpiredClaims() },
    { name: 'alert-unclaimed-tasks', run: () => volunteerTasks.alertUnclaimed() },
    { name: 'alert-overdue-tasks', run: () => volunteerTasks.alertOverdueClaimed() },
    { name: 'activity-reminders', run: () => volunteerReminders.sendReminders() },
    { name: 'forget-idempotency-keys', run: () => idempotency.sweepExpired() },
  ];
}

/**
 * The server's periodic work, on an unref'd timer so it never keeps the process alive: sending
 * queued subscribe messages, reminding (a day before) and closing needs left unrated past NEED_FEEDBACK_DAYS, releasing
 * expired wish claims, alerting unclaimed tasks sending activity reminders and forgetting Idempotency-Keys older than a day. A tick is
 * skipped while the previous one is still running.
 */
export function startBackgroundJobs(app: INestApplication, config: AppConfig): () => void {
  const sweeps = sweepsOf(app);
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await runSweeps(sweeps);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), config.notifications.jobIntervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
