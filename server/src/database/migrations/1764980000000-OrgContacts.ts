import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/** A social organization is registered with its contact person (#13); the phone is stored encrypted and shown masked. */
export class OrgContacts1764980000000 implements MigrationInterface {
  name = 'OrgContacts1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('organization', [
      new TableColumn(col.str('contact_name', 32, { isNullable: true })),
      new TableColumn(col.str('contact_phone_enc', 255, { isNullable: true })),
      new TableColumn(col.str('contact_phone_masked', 16, { isNullable: true })),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['contact_phone_masked', 'contact_phone_enc', 'contact_name']) await q.dropColumn('organization', c);
  }
}
