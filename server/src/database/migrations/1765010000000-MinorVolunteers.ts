import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/** Minors (#14): a volunteer's birth date, and the guardian's consent staff record for one under 18. */
export class MinorVolunteers1765010000000 implements MigrationInterface {
  name = 'MinorVolunteers1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('volunteer', [
      new TableColumn(col.str('birth_date', 10, { isNullable: true })),
      new TableColumn(col.time('guardian_consent_at', { isNullable: true })),
      new TableColumn(col.int('guardian_consent_by', { isNullable: true })),
      new TableColumn(col.str('guardian_relation', 8, { isNullable: true })),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['guardian_relation', 'guardian_consent_by', 'guardian_consent_at', 'birth_date']) await q.dropColumn('volunteer', c);
  }
}
