import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/** Photos are re-encoded on upload and get a list thumbnail (#14). */
export class UploadThumbs1764990000000 implements MigrationInterface {
  name = 'UploadThumbs1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('upload', new TableColumn(col.str('thumb_path', 255, { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('upload', 'thumb_path');
  }
}
