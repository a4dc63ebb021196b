import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import type { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { TimeColumn } from './columns';
import { inTransaction } from './transaction';

/**
 * Who runs a background sweep now (#16). One row per sweep: the instance holding it and until
 * when. With several server instances on one database, a sweep runs only where its lease is held.
 */
@Entity('job_lease')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  holder: string;

  @TimeColumn()
  expiresAt: Date;
}

/** This process, as a lease holder: host, pid and a random part (two test apps share a pid). */
export function instanceId(): string {
  return `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Leases on the `job_lease` table, the same on MariaDB/MySQL and SQLite. A claim is one
 * conditional UPDATE — `SET holder = me, expires_at = now + ttl WHERE name = ? AND (expires_at <
 * now OR holder = me)` — so of several instances claiming at once exactly one changes the row
 * (the first claim ever inserts it; a second insert loses on the primary key). The holder keeps
 * it by claiming again (renew), and gives it back at shutdown. An instance that dies holding a
 * lease keeps it only until `expires_at`: then another one takes the sweep over. What the sweep
 * had half done is safe to do again, because every row-level effect is itself conditional (a
 * need closed by `UPDATE … WHERE status = 'done'`, a reminder by its unique row, an outbox
 * message by its claim): the lease keeps the work in one place, the rows keep it exactly once.
 * Times come from the Clock, like every time the server writes (tests move it).
 */
export class JobLeases {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    readonly ttlMs: number,
    readonly holder: string = instanceId(),
  ) {}

  /** Takes (or keeps) the lease on `name` for ttlMs; false when another live instance holds it. */
  async claim(name: string): Promise<boolean> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.ttlMs);
    try {
      return await inTransaction(this.db, async (m) => {
        const res = await m
          .createQueryBuilder()
          .update(JobLease)
          .set({ holder: this.holder, expiresAt: until })
          .where('name = :name AND (expires_at < :now OR holder = :holder)', { name, now, holder: this.holder })
          .execute();
        if (res.affected) return true;
        if (await m.exists(JobLease, { where: { name } })) return false;
        await m.insert(JobLease, { name, holder: this.holder, expiresAt: until });
        return true;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return false; // another instance inserted the first row a moment ago
      throw err;
    }
  }

  /** Extends a lease this instance holds (a long sweep); false when it was lost meanwhile. */
  async renew(name: string): Promise<boolean> {
    const until = new Date(this.clock.now().getTime() + this.ttlMs);
    const res = await inTransaction(this.db, (m) =>
      m.createQueryBuilder().update(JobLease).set({ expiresAt: until }).where('name = :name AND holder = :holder', { name, holder: this.holder }).execute(),
    );
    return Boolean(res.affected);
  }

  /** Gives back every lease this instance holds (shutdown): another instance may take them at once. */
  async releaseAll(): Promise<void> {
    const past = new Date(this.clock.now().getTime() - 1);
    await inTransaction(this.db, (m) => m.createQueryBuilder().update(JobLease).set({ expiresAt: past }).where('holder = :holder', { holder: this.holder }).execute());
  }
}
