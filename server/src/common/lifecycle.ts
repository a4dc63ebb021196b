import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/** A dependency readiness asks about: resolves when usable, throws (or times out) when not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessResult {
  ready: boolean;
  /** Each dependency checked, in registration order: the database, Redis, storage. */
  checks: Array<{ name: string; label: string; ok: boolean; latencyMs: number }>;
}

const CHECK_TIMEOUT_MS = 3000;

/**
 * The process's own life: the dependencies /api/health/ready checks (each module that owns one
 * registers it: the database, Redis, the photo storage), and what must stop before the HTTP
 * server closes on SIGTERM (the background sweeps, which give their job leases back). Once
 * draining, readiness answers 503 so a load balancer stops sending new requests here while the
 * ones in flight finish.
 */
@Injectable()
export class Lifecycle implements BeforeApplicationShutdown {
  private readonly logger = new Logger(Lifecycle.name);
  private readonly checks: Array<{ name: string; label: string; check: ReadinessCheck }> = [];
  private readonly drains: Array<() => Promise<void>> = [];
  private draining = false;

  registerCheck(name: string, label: string, check: ReadinessCheck): void {
    this.checks.push({ name, label, check });
  }

  /** Run (all at once) when shutdown begins, before the HTTP server stops accepting. */
  onDrain(fn: () => Promise<void>): void {
    this.drains.push(fn);
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async readiness(): Promise<ReadinessResult> {
    const checks = await Promise.all(
      this.checks.map(async ({ name, label, check }) => {
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)))]);
          return { name, label, ok: true, latencyMs: Date.now() - started };
        } catch (err) {
          this.logger.warn({ msg: 'readiness check failed', check: name, err: (err as Error)?.message });
          return { name, label, ok: false, latencyMs: Date.now() - started };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return { ready: !this.draining && checks.every((c) => c.ok), checks };
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.draining = true;
    if (signal) this.logger.log({ msg: 'shutting down', signal });
    const results = await Promise.allSettled(this.drains.splice(0).map((fn) => fn()));
    for (const r of results) if (r.status === 'rejected') this.logger.warn({ msg: 'drain step failed', err: (r.reason as Error)?.message });
  }
}
