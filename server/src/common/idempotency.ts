import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, LessThan } from 'typeorm';
import { insertRows } from '../database/raw';
import { inTransaction } from '../database/transaction';
import { Clock } from './clock';
import { AppError, conflict, ErrorCode } from './errors';
import { IdempotencyKey } from './idempotency-key.entity';
import { type BatchOutcome, KeyedBatches } from './keyed-batches';

/** The request header a client sends with a POST that creates something. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a stored answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** 8–64 letters, digits, - or _ (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** A repeat waits this long for the first request to finish before it is told to wait. */
const WAIT_MS = 10_000;
const POLL_MS = 100;
/** A pending row older than this belongs to a process that died mid-request: it may be taken over. */
const ABANDONED_MS = 5 * 60_000;
/** TEXT holds 65,535 bytes on MariaDB; an answer larger than this is remembered without its body. */
const MAX_RESPONSE_BYTES = 60_000;
/** One UPDATE of stored answers stays well under MariaDB's max_allowed_packet (16 MB by default). */
const MAX_UPDATE_BYTES = 1_000_000;

interface PendingRow {
  userId: number;
  key: string;
  request: string;
  bodyHash: string;
}
interface Completion {
  id: number;
  statusCode: number;
  response: string | null;
}

export interface IdempotentRequest {
  userId: number;
  key: string;
  /** `POST /api/needs` */
  request: string;
  body: unknown;
}

export type Claim = { kind: 'mine'; id: number } | { kind: 'replay'; statusCode: number | null; response: unknown };

/**
 * The store behind IdempotencyInterceptor. The unique (user_id, key) decides the race: the first
 * request inserts a pending row and runs; a concurrent or later repeat finds the row and either
 * waits for its answer (polling briefly) or gets it at once. Only 2xx answers are kept: a
 * failed first attempt deletes its row, so the person can simply try again with the same key.
 *
 * The keys of requests arriving together are inserted together, and their answers stored
 * together (KeyedBatches, #15: two statements per POST were most of a flash crowd's database
 * work): one `INSERT IGNORE` of the batch's rows, marked with a random `claim`, then one SELECT
 * of the rows carrying that mark, which are the keys the batch won; a key already taken (by a
 * repeat here or on another instance) is not among them and goes the one-by-one way below.
 * Answers are stored with one UPDATE per batch. Every write is a statement on its own (`write`:
 * autocommitted on MariaDB/MySQL; on SQLite a short transaction, the one connection taken in
 * turn, so it never lands inside another request's transaction).
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private readonly inserts = new KeyedBatches<0, PendingRow, number | null>((_, rows) => this.insertMany(rows));
  private readonly completions = new KeyedBatches<0, Completion, void>((_, rows) => this.completeMany(rows));

  /** Run it (the row is ours) or replay the first answer; throws 422 for a reused key, 409 while the first is still running. */
  async claim(req: IdempotentRequest): Promise<Claim> {
    const request = req.request.slice(0, 300);
    const bodyHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const id = await this.tryInsert(req.userId, req.key, request, bodyHash);
      if (id != null) return { kind: 'mine', id };
      const row = await this.db.manager.findOne(IdempotencyKey, { where: { userId: req.userId, key: req.key } });
      if (!row) continue; // the first attempt failed and freed the key a moment ago: ours now
      const age = this.clock.now().getTime() - row.createdAt.getTime();
      if (age > IDEMPOTENCY_TTL_MS || (row.state === 'pending' && age > ABANDONED_MS)) {
        await this.write((m) => m.delete(IdempotencyKey, { id: row.id, state: row.state }));
        continue;
      }
      if (row.request !== request || row.bodyHash !== bodyHash) {
        throw new AppError(ErrorCode.IDEMPOTENCY_KEY_REUSED, '这个请求编号已用于另一项提交，请刷新页面后重新提交');
      }
      if (row.state === 'done') {
        if (row.response == null) throw conflict('这次提交已经成功，请返回刷新查看，不必重复提交');
        return { kind: 'replay', statusCode: row.statusCode, response: JSON.parse(row.response) };
      }
      if (Date.now() >= deadline) throw conflict('同一请求正在处理，请稍候');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The first request succeeded: keep its answer for repeats. */
  async complete(id: number, statusCode: number, response: unknown): Promise<void> {
    const json = JSON.stringify(response ?? null);
    const stored = Buffer.byteLength(json) <= MAX_RESPONSE_BYTES ? json : null;
    await this.completions.submit(0, { id, statusCode, response: stored });
  }

  /** The first request failed (or answered non-2xx): free the key so a retry runs again. */
  async release(id: number): Promise<void> {
    await this.write((m) => m.delete(IdempotencyKey, { id, state: 'pending' }));
  }

  /** The sweep: rows older than a day are forgotten. */
  async sweepExpired(): Promise<{ deleted: number }> {
    const before = new Date(this.clock.now().getTime() - IDEMPOTENCY_TTL_MS);
    const res = await inTransaction(this.db, (m) => m.delete(IdempotencyKey, { createdAt: LessThan(before) }));
    return { deleted: res.affected ?? 0 };
  }

  /**
   * One statement on its own. On MariaDB/MySQL that is one autocommitted round trip (a
   * transaction around it cost three, twice per POST: #15's crowd at half speed). On SQLite the
   * connection is shared: a statement outside a transaction could land inside someone else's, so
   * it takes its turn as a transaction of its own.
   */
  private write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.options.type === 'better-sqlite3' ? inTransaction(this.db, fn) : fn(this.db.manager);
  }

  /** Our row's id, or null when the key is already taken (the caller then reads that row). */
  private tryInsert(userId: number, key: string, request: string, bodyHash: string): Promise<number | null> {
    return this.inserts.submit(0, { userId, key, request, bodyHash });
  }

  /** A batch of pending rows: one INSERT IGNORE, one SELECT of what this batch's claim won. */
  private async insertMany(rows: PendingRow[]): Promise<Array<BatchOutcome<number | null>>> {
    const claim = randomBytes(16).toString('hex');
    const createdAt = this.clock.now();
    const won = await this.write(async (m) => {
      await insertRows(m, IdempotencyKey, rows.map((r) => ({ ...r, state: 'pending' as const, statusCode: null, response: null, claim, createdAt })), { ignore: true });
      const users = [...new Set(rows.map((r) => r.userId))];
      // user_id first: its index finds the rows; claim picks this batch's
      return m.query(`SELECT id, user_id, \`key\` FROM idempotency_key WHERE user_id IN (${users.map(() => '?').join(',')}) AND claim = ?`, [...users, claim]) as Promise<
        Array<{ id: number | string; user_id: number | string; key: string }>
      >;
    });
    const ids = new Map(won.map((r) => [`${Number(r.user_id)} ${r.key}`, Number(r.id)]));
    // A key twice in one batch: its first comer holds the row, the other finds it taken.
    return rows.map((r) => {
      const k = `${r.userId} ${r.key}`;
      const id = ids.get(k) ?? null;
      ids.delete(k);
      return { result: id };
    });
  }

  /** A batch of answers: one UPDATE per MAX_UPDATE_BYTES of them (`CASE id WHEN … THEN …`). */
  private async completeMany(rows: Completion[]): Promise<Array<BatchOutcome<void>>> {
    for (let i = 0; i < rows.length; ) {
      const chunk: Completion[] = [];
      for (let bytes = 0; i < rows.length && (chunk.length === 0 || bytes + (rows[i].response?.length ?? 0) * 3 <= MAX_UPDATE_BYTES); i++) {
        bytes += (rows[i].response?.length ?? 0) * 3;
        chunk.push(rows[i]);
      }
      const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ');
      await this.write((m) =>
        m.query(
          `UPDATE idempotency_key SET state = 'done', status_code = CASE id ${cases} END, response = CASE id ${cases} END WHERE id IN (${chunk.map(() => '?').join(',')})`,
          [...chunk.flatMap((c) => [c.id, c.statusCode]), ...chunk.flatMap((c) => [c.id, c.response]), ...chunk.map((c) => c.id)],
        ),
      );
    }
    return rows.map(() => ({ result: undefined }));
  }
}
