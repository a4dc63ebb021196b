import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col } from './schema';

/**
 * Photos are re-encoded on upload and get a list thumbnail, and go through WeChat's image content
 * check: `check_status` (photos stored before: none) and the check's trace id (#14).
 */
export class UploadThumbs1764990000000 implements MigrationInterface {
  name = 'UploadThumbs1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('upload', new TableColumn(col.str('thumb_path', 255, { isNullable: true })));
    await q.addColumn('upload', new TableColumn(col.str('check_status', 8, { default: "'none'" })));
    await q.addColumn('upload', new TableColumn(col.str('check_trace', 64, { isNullable: true })));
    await q.createIndex('upload', new TableIndex({ name: 'idx_upload_check_trace', columnNames: ['check_trace'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('upload', 'idx_upload_check_trace');
    await q.dropColumn('upload', 'check_trace');
    await q.dropColumn('upload', 'check_status');
    await q.dropColumn('upload', 'thumb_path');
  }
}
