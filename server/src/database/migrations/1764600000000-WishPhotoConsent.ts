import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/**
 * A wish's delivery photo goes public only by an explicit choice (#20): who made it and when are
 * kept with the wish (and in its timeline). Wishes already public keep their state, chooser unknown.
 */
export class WishPhotoConsent1764600000000 implements MigrationInterface {
  name = 'WishPhotoConsent1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('wish', [new TableColumn(col.int('photo_public_by', { isNullable: true })), new TableColumn(col.time('photo_public_at', { isNullable: true }))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('wish', ['photo_public_by', 'photo_public_at']);
  }
}
