import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col } from './schema';

/**
 * Verified residents (#13): a declared residence waits for the community's staff to confirm it
 * (or return it with a reason). Residences declared before this rule keep their standing
 * (confirmed), since they were accepted under it; staff can still return any of them.
 * One phone number confirms one resident per community (uq_residence_phone; NULLs do not collide).
 */
export class VerifiedResidents1764900000000 implements MigrationInterface {
  name = 'VerifiedResidents1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('residence', [
      new TableColumn(col.str('status', 12, { default: "'applicant'" })),
      new TableColumn(col.str('return_reason', 200, { isNullable: true })),
      new TableColumn(col.int('reviewed_by', { isNullable: true })),
      new TableColumn(col.time('reviewed_at', { isNullable: true })),
      new TableColumn(col.str('phone_hash', 64, { isNullable: true })),
    ]);
    await q.query("UPDATE residence SET status = 'confirmed', reviewed_at = updated_at");
    await q.createIndex('residence', new TableIndex({ name: 'uq_residence_phone', columnNames: ['community_id', 'phone_hash'], isUnique: true }));
    await q.createIndex('residence', new TableIndex({ name: 'idx_residence_queue', columnNames: ['community_id', 'status', 'updated_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('residence', 'idx_residence_queue');
    await q.dropIndex('residence', 'uq_residence_phone');
    for (const c of ['phone_hash', 'reviewed_at', 'reviewed_by', 'return_reason', 'status']) await q.dropColumn('residence', c);
  }
}
