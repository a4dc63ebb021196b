import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col, fk } from './schema';

/** 社工证 (#13): a social worker's certificate — level, number, expiry — one per person. */
export class SwCertificates1764950000000 implements MigrationInterface {
  name = 'SwCertificates1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sw_certificate',
        columns: [col.id(), col.int('user_id'), col.str('level', 16), col.str('number', 32), col.str('expires_on', 10), col.time('created_at'), col.time('updated_at')],
        indices: [{ name: 'uq_sw_certificate_user', columnNames: ['user_id'], isUnique: true }],
        foreignKeys: [fk('fk_sw_certificate_user', 'user_id', 'app_user', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sw_certificate');
  }
}
