import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col, fk } from './schema';

/**
 * Charity resources (社会慈善资源): the community fund (社区基金) with its immutable ledger and
 * two-person allocations, in-kind donations (物资), micro-wishes (微心愿) with claims and
 * campaigns. Money is integer fen. Links to needs and projects are plain ids (no foreign key) so
 * this set does not depend on how those modules evolve. Wish timelines live in audit_log
 * (entity_type 'wish'); fund actions are audited there too.
 */
export class Charity1763900000000 implements MigrationInterface {
  name = 'Charity1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'fund',
        columns: [col.id(), col.int('node_id'), col.int('balance', { default: 0 }), col.time('created_at'), col.time('updated_at')],
        indices: [{ name: 'uq_fund_node', columnNames: ['node_id'], isUnique: true }],
        foreignKeys: [fk('fk_fund_node', 'node_id', 'service_node')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'fund_allocation',
        columns: [
          col.id(),
          col.int('fund_id'),
          col.int('amount'),
          col.str('purpose', 200),
          col.int('need_id', { isNullable: true }),
          col.int('project_id', { isNullable: true }),
          col.int('grant_to_node_id', { isNullable: true }),
          col.str('invoice_ref', 200, { isNullable: true }),
          col.int('invoice_upload_id', { isNullable: true }),
          col.str('status', 16),
          col.bool('needs_street_approval', { default: false }),
          col.int('proposed_by', { isNullable: true }),
          col.int('approved_by', { isNullable: true }),
          col.time('approved_at', { isNullable: true }),
          col.int('street_approved_by', { isNullable: true }),
          col.time('street_approved_at', { isNullable: true }),
          col.time('posted_at', { isNullable: true }),
          col.int('rejected_by', { isNullable: true }),
          col.time('rejected_at', { isNullable: true }),
          col.str('reject_reason', 200, { isNullable: true }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [{ name: 'idx_fund_allocation_fund_status', columnNames: ['fund_id', 'status'] }],
        foreignKeys: [
          fk('fk_fund_allocation_fund', 'fund_id', 'fund'),
          fk('fk_fund_allocation_grant_node', 'grant_to_node_id', 'service_node'),
          fk('fk_fund_allocation_proposed_by', 'proposed_by', 'app_user', 'SET NULL'),
          fk('fk_fund_allocation_approved_by', 'approved_by', 'app_user', 'SET NULL'),
          fk('fk_fund_allocation_street_by', 'street_approved_by', 'app_user', 'SET NULL'),
          fk('fk_fund_allocation_rejected_by', 'rejected_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'fund_entry',
        columns: [
          col.id(),
          col.int('fund_id'),
          col.str('flow', 3),
          col.str('kind', 16),
          col.int('amount'),
          col.str('occurred_on', 10),
          col.str('donor_name', 64, { isNullable: true }),
          col.bool('anonymous', { default: false }),
          col.str('donor_kind', 16, { isNullable: true }),
          col.str('channel', 32, { isNullable: true }),
          col.int('receipt_upload_id', { isNullable: true }),
          col.str('receipt_ref', 200, { isNullable: true }),
          col.str('note', 200, { isNullable: true }),
          col.int('allocation_id', { isNullable: true }),
          col.int('counterpart_node_id', { isNullable: true }),
          col.int('reverses_entry_id', { isNullable: true }),
          col.str('reason', 200, { isNullable: true }),
          col.int('recorded_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'idx_fund_entry_fund_date', columnNames: ['fund_id', 'occurred_on'] },
          // An entry can be reversed once: at most one entry reverses any given entry.
          { name: 'uq_fund_entry_reverses', columnNames: ['reverses_entry_id'], isUnique: true },
          { name: 'idx_fund_entry_allocation', columnNames: ['allocation_id'] },
        ],
        foreignKeys: [
          fk('fk_fund_entry_fund', 'fund_id', 'fund'),
          fk('fk_fund_entry_allocation', 'allocation_id', 'fund_allocation'),
          fk('fk_fund_entry_reverses', 'reverses_entry_id', 'fund_entry'),
          fk('fk_fund_entry_counterpart_node', 'counterpart_node_id', 'service_node'),
          fk('fk_fund_entry_recorded_by', 'recorded_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'wish_campaign',
        columns: [
          col.id(),
          col.int('node_id'),
          col.str('title', 40),
          col.str('description', 500, { default: "''" }),
          col.str('organizer', 64, { default: "''" }),
          col.time('deadline_at'),
          col.int('created_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [{ name: 'idx_wish_campaign_node', columnNames: ['node_id'] }],
        foreignKeys: [fk('fk_wish_campaign_node', 'node_id', 'service_node'), fk('fk_wish_campaign_created_by', 'created_by', 'app_user', 'SET NULL')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'wish',
        columns: [
          col.id(),
          col.int('community_id'),
          col.int('campaign_id', { isNullable: true }),
          col.str('title', 40),
          col.str('story', 1000),
          col.int('value_fen'),
          col.str('category', 16),
          col.str('beneficiary_masked', 16),
          col.str('beneficiary_name_enc', 255),
          col.str('beneficiary_address_enc', 512, { isNullable: true }),
          col.str('contact_text', 200),
          col.int('need_id', { isNullable: true }),
          col.str('status', 12),
          col.int('active_claim_id', { isNullable: true }),
          col.time('delivered_at', { isNullable: true }),
          col.int('delivery_photo_upload_id', { isNullable: true }),
          col.str('delivery_note', 200, { isNullable: true }),
          col.bool('photo_public', { default: false }),
          col.str('thanks_text', 500, { isNullable: true }),
          col.time('completed_at', { isNullable: true }),
          col.int('created_by', { isNullable: true }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [
          { name: 'idx_wish_community_status', columnNames: ['community_id', 'status'] },
          { name: 'idx_wish_campaign', columnNames: ['campaign_id'] },
        ],
        foreignKeys: [
          fk('fk_wish_community', 'community_id', 'service_node'),
          fk('fk_wish_campaign', 'campaign_id', 'wish_campaign', 'SET NULL'),
          fk('fk_wish_created_by', 'created_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'wish_claim',
        columns: [
          col.id(),
          col.int('wish_id'),
          col.int('user_id', { isNullable: true }),
          // Equals wish_id while the claim is active, NULL afterwards: a unique index then allows
          // one active claim per wish even if application logic were bypassed.
          col.int('active_wish_id', { isNullable: true }),
          col.bool('anonymous', { default: false }),
          col.bool('as_party_member', { default: false }),
          col.str('public_name', 32, { isNullable: true }),
          col.str('status', 12),
          col.time('claimed_at'),
          col.time('deadline_at'),
          col.time('ended_at', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'uq_wish_claim_active', columnNames: ['active_wish_id'], isUnique: true },
          { name: 'idx_wish_claim_wish', columnNames: ['wish_id'] },
          { name: 'idx_wish_claim_user', columnNames: ['user_id'] },
          { name: 'idx_wish_claim_status_deadline', columnNames: ['status', 'deadline_at'] },
        ],
        foreignKeys: [fk('fk_wish_claim_wish', 'wish_id', 'wish', 'CASCADE'), fk('fk_wish_claim_user', 'user_id', 'app_user', 'SET NULL')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'in_kind_donation',
        columns: [
          col.id(),
          col.int('node_id'),
          col.str('item', 40),
          col.int('quantity'),
          col.str('unit', 8),
          col.str('donor_name', 64, { isNullable: true }),
          col.bool('anonymous', { default: false }),
          col.str('donor_kind', 16),
          col.str('received_on', 10),
          col.str('destination_kind', 12),
          col.int('need_id', { isNullable: true }),
          col.int('wish_id', { isNullable: true }),
          col.str('destination_note', 100, { isNullable: true }),
          col.int('recorded_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [{ name: 'idx_in_kind_node_date', columnNames: ['node_id', 'received_on'] }],
        foreignKeys: [
          fk('fk_in_kind_node', 'node_id', 'service_node'),
          fk('fk_in_kind_wish', 'wish_id', 'wish', 'SET NULL'),
          fk('fk_in_kind_recorded_by', 'recorded_by', 'app_user', 'SET NULL'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['in_kind_donation', 'wish_claim', 'wish', 'wish_campaign', 'fund_entry', 'fund_allocation', 'fund']) {
      await q.dropTable(table);
    }
  }
}
