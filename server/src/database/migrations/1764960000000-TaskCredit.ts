import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/** A done volunteer task confirmed by staff credits hours and points (#13). */
export class TaskCredit1764960000000 implements MigrationInterface {
  name = 'TaskCredit1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('volunteer_task', [
      new TableColumn(col.time('confirmed_at', { isNullable: true })),
      new TableColumn(col.int('confirmed_by', { isNullable: true })),
      new TableColumn(col.int('credited_minutes', { isNullable: true })),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['credited_minutes', 'confirmed_by', 'confirmed_at']) await q.dropColumn('volunteer_task', c);
  }
}
