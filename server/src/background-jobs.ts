import type { INestApplication } from '@nestjs/common';
import { IdempotencyStore } from './common/idempotency';
import { DataSource } from 'typeorm';
import { Clock } from './common/clock';
import { Lifecycle } from './common/lifecycle';
import { JsonLogger } from './common/logger';
import type { AppConfig } from './config/app-config';
import { JobLeases } from './database/job-lease';
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
 * run in the same tick. With `leases` (the server) a sweep runs only if this instance holds or
 * takes its lease (database/job-lease.ts), renewed while it runs; without (tests) every sweep
 * runs. `stopping` is asked between sweeps, so a shutdown does not start another one. Answers
 * the names of the sweeps that failed.
 */
export async function runSweeps(sweeps: readonly Sweep[], leases?: JobLeases, stopping: () => boolean = () => false): Promise<string[]> {
  const failed: string[] = [];
  for (const sweep of sweeps) {
    if (stopping()) break;
    let renewal: NodeJS.Timeout | undefined;
    try {
      if (leases) {
        if (!(await leases.claim(sweep.name))) continue; // another instance runs this one
        renewal = setInterval(() => void leases.renew(sweep.name).catch(() => undefined), leases.ttlMs / 3);
        renewal.unref();
      }
      await sweep.run();
    } catch (err) {
      failed.push(sweep.name);
      JsonLogger.write('error', 'background job failed', { job: sweep.name, err: { name: (err as Error)?.name, message: (err as Error)?.message } });
    } finally {
      clearInterval(renewal);
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

/** How long a sweep's lease lasts without renewal: three ticks, at least a minute (a crashed holder's sweeps wait this long). */
export const leaseMsFor = (config: AppConfig) => Math.max(60_000, 3 * config.notifications.jobIntervalSeconds * 1000);

/** How long a shutdown waits for the sweep in progress before giving its leases back anyway. */
const STOP_WAIT_MS = 10_000;

export interface BackgroundJobs {
  leases: JobLeases;
  /** Stops the timer, waits for the sweep in progress (up to 10 s), gives the leases back. */
  stop(): Promise<void>;
}

/**
 * The server's periodic work, on an unref'd timer so it never keeps the process alive: sending
 * queued subscribe messages, reminding (a day before) and closing needs left unrated past
 * NEED_FEEDBACK_DAYS, releasing expired wish claims, alerting unclaimed tasks, sending activity
 * reminders and forgetting Idempotency-Keys older than a day. A tick is skipped while the
 * previous one is still running. Each sweep runs on one instance at a time (its lease; sticky to
 * the instance that holds it, taken over when that one stops or dies). Stopped when shutdown
 * begins (Lifecycle), before the HTTP server closes.
 */
export function startBackgroundJobs(app: INestApplication, config: AppConfig): BackgroundJobs {
  const sweeps = sweepsOf(app);
  const leases = new JobLeases(app.get(DataSource), app.get(Clock), leaseMsFor(config));
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runSweeps(sweeps, leases, () => stopped).finally(() => (running = null));
  };
  const timer = setInterval(tick, config.notifications.jobIntervalSeconds * 1000);
  timer.unref();
  const jobs: BackgroundJobs = {
    leases,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // The sweep in progress finishes its current pass; one stuck (WeChat not answering) is not
      // waited for past STOP_WAIT_MS: its rows are guarded, so another instance may take over now.
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((r) => (waited = setTimeout(r, STOP_WAIT_MS)))]);
      clearTimeout(waited);
      await leases.releaseAll().catch((err: Error) => JsonLogger.write('warn', 'job leases not released', { err: { message: err.message } }));
    },
  };
  app.get(Lifecycle).onDrain(() => jobs.stop());
  return jobs;
}
