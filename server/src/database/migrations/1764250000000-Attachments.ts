import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every attachment through upload_link. Photos of needs were marked on the upload row itself
 * (upload.need_id / purpose), wish delivery photos and fund receipts and invoices only by a
 * column on their own rows (and never marked used): all become upload_link rows, an upload
 * attached once (the first owner wins where one was used twice), and the columns on upload go.
 */
export class Attachments1764250000000 implements MigrationInterface {
  name = 'Attachments1764250000000';

  async up(q: QueryRunner): Promise<void> {
    const unlinked = 'NOT EXISTS (SELECT 1 FROM upload_link l WHERE l.upload_id = u.id)';
    await q.query(
      `INSERT INTO upload_link (upload_id, entity_type, entity_id, community_id, created_at)
       SELECT u.id, CASE WHEN u.purpose = 'evidence' THEN 'need_evidence' ELSE 'need_report' END, n.id, n.community_id, u.created_at
         FROM upload u JOIN need n ON n.id = u.need_id WHERE ${unlinked} ORDER BY u.id`,
    );
    await q.query(
      `INSERT INTO upload_link (upload_id, entity_type, entity_id, community_id, created_at)
       SELECT u.id, 'wish_delivery', w.id, w.community_id, u.created_at
         FROM wish w JOIN upload u ON u.id = w.delivery_photo_upload_id WHERE ${unlinked} ORDER BY u.id`,
    );
    await q.query(
      `INSERT INTO upload_link (upload_id, entity_type, entity_id, community_id, created_at)
       SELECT u.id, 'fund_receipt', e.id, f.node_id, u.created_at
         FROM fund_entry e JOIN fund f ON f.id = e.fund_id JOIN upload u ON u.id = e.receipt_upload_id WHERE ${unlinked} ORDER BY u.id`,
    );
    await q.query(
      `INSERT INTO upload_link (upload_id, entity_type, entity_id, community_id, created_at)
       SELECT u.id, 'allocation_invoice', a.id, f.node_id, u.created_at
         FROM fund_allocation a JOIN fund f ON f.id = a.fund_id JOIN upload u ON u.id = a.invoice_upload_id WHERE ${unlinked} ORDER BY u.id`,
    );
    await q.dropForeignKey('upload', 'fk_upload_need');
    await q.dropIndex('upload', 'idx_upload_need');
    await q.dropColumns('upload', ['need_id', 'purpose']);
  }

  async down(): Promise<void> {
    throw new Error('Attachments1764250000000 cannot be undone: restore the backup taken before the upgrade');
  }
}
