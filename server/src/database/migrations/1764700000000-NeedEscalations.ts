import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col, fk } from './schema';

/** 接诉即办 escalations (#12): one row per need and level, so that each notice goes out once. */
export class NeedEscalations1764700000000 implements MigrationInterface {
  name = 'NeedEscalations1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'need_escalation',
        columns: [col.id(), col.int('need_id'), col.str('level', 8), col.time('created_at')],
        indices: [{ name: 'uq_need_escalation', columnNames: ['need_id', 'level'], isUnique: true }],
        foreignKeys: [fk('fk_need_escalation_need', 'need_id', 'need', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('need_escalation');
  }
}
