import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col, fk } from './schema';

/** Categories seeded with the schema; staff may later add or deactivate categories (data, not code). */
export const SEED_NEED_CATEGORIES: Array<[key: string, label: string]> = [
  ['elderly', '养老'],
  ['disability', '助残'],
  ['children', '儿童关爱'],
  ['assistance', '社会救助'],
  ['facilities', '环境设施'],
  ['neighbours', '邻里纠纷'],
  ['other', '其他'],
];

/**
 * Residents' needs (居民需求) and what hangs off them: categories, uploads (photos), followers
 * ("我也遇到了" and merged reporters), the in-app inbox, one-time subscribe-message credits and
 * the outbox of subscribe messages. The timeline lives in audit_log (entity_type 'need').
 */
export class Needs1763800000000 implements MigrationInterface {
  name = 'Needs1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'need_category',
        columns: [col.id(), col.str('key', 24), col.str('label', 16), col.int('sort', { default: 0 }), col.bool('active', { default: true })],
        indices: [{ name: 'uq_need_category_key', columnNames: ['key'], isUnique: true }],
      }),
    );
    let sort = 10;
    for (const [key, label] of SEED_NEED_CATEGORIES) {
      await q.manager.createQueryBuilder().insert().into('need_category').values({ key, label, sort, active: true }).execute();
      sort += 10;
    }

    await q.createTable(
      new Table({
        name: 'need',
        columns: [
          col.id(),
          col.int('community_id'),
          col.int('category_id'),
          col.str('title', 40),
          col.str('description', 1000),
          col.str('status', 24),
          col.str('urgency', 12),
          col.int('priority', { default: 0 }),
          col.bool('is_public'),
          col.int('reporter_id', { isNullable: true }),
          col.int('entered_by', { isNullable: true }),
          col.bool('proxy', { default: false }),
          col.str('proxy_name_enc', 255, { isNullable: true }),
          col.str('proxy_phone_enc', 255, { isNullable: true }),
          col.str('proxy_phone_masked', 16, { isNullable: true }),
          col.str('location_kind', 12),
          col.str('building', 16, { isNullable: true }),
          col.str('unit', 16, { isNullable: true }),
          col.int('lat_e6', { isNullable: true }),
          col.int('lng_e6', { isNullable: true }),
          col.str('address', 120, { isNullable: true }),
          col.int('handler_id', { isNullable: true }),
          col.int('merged_into_id', { isNullable: true }),
          col.int('me_too_count', { default: 0 }),
          col.int('reopen_count', { default: 0 }),
          col.int('rating', { isNullable: true }),
          col.str('rating_comment', 500, { isNullable: true }),
          col.str('last_reason', 500, { isNullable: true }),
          col.str('referred_to', 100, { isNullable: true }),
          col.str('done_note', 1000, { isNullable: true }),
          col.time('created_at'),
          col.time('updated_at'),
          col.time('accepted_at', { isNullable: true }),
          col.time('done_at', { isNullable: true }),
          col.time('feedback_due_at', { isNullable: true }),
          col.time('closed_at', { isNullable: true }),
        ],
        indices: [
          { name: 'idx_need_community_status', columnNames: ['community_id', 'status'] },
          { name: 'idx_need_reporter', columnNames: ['reporter_id'] },
          { name: 'idx_need_status_due', columnNames: ['status', 'feedback_due_at'] },
        ],
        foreignKeys: [
          fk('fk_need_community', 'community_id', 'service_node'),
          fk('fk_need_category', 'category_id', 'need_category'),
          fk('fk_need_reporter', 'reporter_id', 'app_user', 'SET NULL'),
          fk('fk_need_entered_by', 'entered_by', 'app_user', 'SET NULL'),
          fk('fk_need_handler', 'handler_id', 'app_user', 'SET NULL'),
          fk('fk_need_merged_into', 'merged_into_id', 'need'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'need_follower',
        columns: [col.id(), col.int('need_id'), col.int('user_id'), col.str('kind', 12), col.time('created_at')],
        indices: [
          { name: 'uq_need_follower', columnNames: ['need_id', 'user_id'], isUnique: true },
          { name: 'idx_need_follower_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [fk('fk_need_follower_need', 'need_id', 'need', 'CASCADE'), fk('fk_need_follower_user', 'user_id', 'app_user', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'upload',
        columns: [
          col.id(),
          col.int('owner_id'),
          col.str('mime', 32),
          col.int('size'),
          col.str('path', 255),
          col.int('need_id', { isNullable: true }),
          col.str('purpose', 12, { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'idx_upload_owner', columnNames: ['owner_id'] },
          { name: 'idx_upload_need', columnNames: ['need_id'] },
        ],
        foreignKeys: [fk('fk_upload_owner', 'owner_id', 'app_user', 'CASCADE'), fk('fk_upload_need', 'need_id', 'need', 'SET NULL')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'inbox_message',
        columns: [
          col.id(),
          col.int('user_id'),
          col.str('title', 40),
          col.str('body', 200),
          col.str('page', 200, { isNullable: true }),
          col.time('read_at', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [{ name: 'idx_inbox_user_read', columnNames: ['user_id', 'read_at'] }],
        foreignKeys: [fk('fk_inbox_user', 'user_id', 'app_user', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'subscription_credit',
        columns: [col.id(), col.int('user_id'), col.str('template_key', 32), col.int('available', { default: 0 }), col.time('updated_at')],
        indices: [{ name: 'uq_subscription_credit', columnNames: ['user_id', 'template_key'], isUnique: true }],
        foreignKeys: [fk('fk_subscription_credit_user', 'user_id', 'app_user', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'outbox_message',
        columns: [
          col.id(),
          col.int('user_id'),
          col.str('template_key', 32),
          col.str('template_id', 64),
          col.str('page', 200, { isNullable: true }),
          col.text('data'),
          col.str('status', 12),
          col.int('attempts', { default: 0 }),
          col.time('next_attempt_at'),
          col.str('last_error', 200, { isNullable: true }),
          col.time('created_at'),
          col.time('sent_at', { isNullable: true }),
        ],
        indices: [{ name: 'idx_outbox_due', columnNames: ['status', 'next_attempt_at'] }],
        foreignKeys: [fk('fk_outbox_user', 'user_id', 'app_user', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox_message', 'subscription_credit', 'inbox_message', 'upload', 'need_follower', 'need', 'need_category']) {
      await q.dropTable(table);
    }
  }
}
