import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { col } from './schema';

/**
 * #17, for a weak network and an unrated need: `idempotency_key` (one row per user and
 * Idempotency-Key, the first answer kept a day) and, on a need, the feedback deadline a
 * "please rate" reminder was last sent for (so each deadline is reminded once).
 */
export class ElderFriendly1765100000000 implements MigrationInterface {
  name = 'ElderFriendly1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          col.id(),
          col.int('user_id'),
          col.str('key', 64),
          col.str('request', 300),
          col.str('body_hash', 64),
          col.str('state', 8),
          col.int('status_code', { isNullable: true }),
          col.text('response', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'uq_idempotency_key', columnNames: ['user_id', 'key'], isUnique: true },
          { name: 'idx_idempotency_created', columnNames: ['created_at'] },
        ],
      }),
    );
    await q.addColumn('need', new TableColumn(col.time('feedback_reminded_for', { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('need', 'feedback_reminded_for');
    await q.dropTable('idempotency_key');
  }
}
