import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/**
 * #15: Idempotency-Key rows are inserted many at a time (`INSERT IGNORE` of a crowd's keys):
 * each batch writes its own random `claim`, so that reading the rows back tells which keys this
 * batch won and which were already someone else's.
 */
export class IdempotencyClaims1765300000000 implements MigrationInterface {
  name = 'IdempotencyClaims1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('idempotency_key', new TableColumn(col.str('claim', 32, { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('idempotency_key', 'claim');
  }
}
