import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/** A person can delete their account (#14): the user row stays, anonymised, marked with when. */
export class AccountDeletion1765000000000 implements MigrationInterface {
  name = 'AccountDeletion1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('app_user', new TableColumn(col.time('deleted_at', { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('app_user', 'deleted_at');
  }
}
