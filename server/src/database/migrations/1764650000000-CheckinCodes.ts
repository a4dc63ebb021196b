import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from './schema';

/**
 * Typed check-in codes (#20): a 6-digit code rotating with the QR; wrong tries are rate-limited
 * per person and activity, counted here so that every server instance sees them.
 */
export class CheckinCodes1764650000000 implements MigrationInterface {
  name = 'CheckinCodes1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'volunteer_code_miss',
        columns: [col.id(), col.int('user_id'), col.int('activity_id'), col.time('created_at')],
        indices: [{ name: 'idx_volunteer_code_miss', columnNames: ['activity_id', 'user_id', 'created_at'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('volunteer_code_miss');
  }
}
