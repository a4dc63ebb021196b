import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from './schema';

/** Several server instances on one database (#16): which instance runs each background sweep, until when. */
export class JobLeases1765200000000 implements MigrationInterface {
  name = 'JobLeases1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'job_lease',
        columns: [{ ...col.str('name', 64), isPrimary: true }, col.str('holder', 64), col.time('expires_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('job_lease');
  }
}
