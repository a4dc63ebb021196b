import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col, fk } from './schema';

/**
 * Community consultation (社区协商): topics (议题) with options and a voting window, the needs
 * they came from, meetings (议事会) with capacity-bounded sign-up and recorded attendance,
 * online votes (one row per topic and resident: unique key), and the published resolution
 * (议定事项, one per topic). Also `upload_link`: photos attached to a meeting, a progress update
 * or a completion report (an upload is linked once; its community decides who may see it).
 */
export class Consultation1764100000000 implements MigrationInterface {
  name = 'Consultation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'consult_topic',
        columns: [
          col.id(),
          col.int('community_id'),
          col.str('title', 40),
          col.str('description', 1000),
          col.str('status', 12),
          col.time('vote_starts_at'),
          col.time('vote_ends_at'),
          col.int('created_by', { isNullable: true }),
          col.time('resolved_at', { isNullable: true }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [{ name: 'idx_consult_topic_community', columnNames: ['community_id', 'status'] }],
        foreignKeys: [fk('fk_consult_topic_community', 'community_id', 'service_node'), fk('fk_consult_topic_created_by', 'created_by', 'app_user', 'SET NULL')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'consult_option',
        columns: [col.id(), col.int('topic_id'), col.int('sort'), col.str('label', 60), col.int('offline_votes', { default: 0 })],
        indices: [{ name: 'uq_consult_option_sort', columnNames: ['topic_id', 'sort'], isUnique: true }],
        foreignKeys: [fk('fk_consult_option_topic', 'topic_id', 'consult_topic', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'consult_topic_need',
        columns: [col.id(), col.int('topic_id'), col.int('need_id'), col.time('created_at')],
        indices: [
          { name: 'uq_consult_topic_need', columnNames: ['topic_id', 'need_id'], isUnique: true },
          { name: 'idx_consult_topic_need_need', columnNames: ['need_id'] },
        ],
        foreignKeys: [fk('fk_consult_topic_need_topic', 'topic_id', 'consult_topic', 'CASCADE'), fk('fk_consult_topic_need_need', 'need_id', 'need', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'consult_meeting',
        columns: [
          col.id(),
          col.int('topic_id'),
          col.str('kind', 24),
          col.time('starts_at'),
          col.str('place', 100),
          col.int('capacity'),
          col.int('signed_up_count', { default: 0 }),
          col.str('agenda', 1000),
          col.str('status', 12),
          col.str('minutes', 2000, { isNullable: true }),
          col.int('attended_count', { isNullable: true }),
          col.int('walk_in_count', { isNullable: true }),
          col.int('recorded_by', { isNullable: true }),
          col.time('recorded_at', { isNullable: true }),
          col.int('created_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [{ name: 'idx_consult_meeting_topic', columnNames: ['topic_id'] }],
        foreignKeys: [
          fk('fk_consult_meeting_topic', 'topic_id', 'consult_topic', 'CASCADE'),
          fk('fk_consult_meeting_recorded_by', 'recorded_by', 'app_user', 'SET NULL'),
          fk('fk_consult_meeting_created_by', 'created_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'consult_meeting_signup',
        columns: [col.id(), col.int('meeting_id'), col.int('user_id'), col.bool('attended', { default: false }), col.time('created_at')],
        indices: [
          { name: 'uq_consult_meeting_signup', columnNames: ['meeting_id', 'user_id'], isUnique: true },
          { name: 'idx_consult_meeting_signup_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [fk('fk_consult_signup_meeting', 'meeting_id', 'consult_meeting', 'CASCADE'), fk('fk_consult_signup_user', 'user_id', 'app_user', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'consult_vote',
        columns: [col.id(), col.int('topic_id'), col.int('option_id'), col.int('user_id'), col.time('created_at'), col.time('updated_at')],
        indices: [
          // One vote per resident and topic, whatever the application does: a second vote updates this row.
          { name: 'uq_consult_vote', columnNames: ['topic_id', 'user_id'], isUnique: true },
          { name: 'idx_consult_vote_option', columnNames: ['option_id'] },
          { name: 'idx_consult_vote_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [
          fk('fk_consult_vote_topic', 'topic_id', 'consult_topic', 'CASCADE'),
          fk('fk_consult_vote_option', 'option_id', 'consult_option', 'CASCADE'),
          fk('fk_consult_vote_user', 'user_id', 'app_user', 'CASCADE'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'consult_resolution',
        columns: [
          col.id(),
          col.int('topic_id'),
          col.str('text', 2000),
          col.str('outcome', 12),
          col.int('adopted_option_id', { isNullable: true }),
          col.text('figures'),
          col.str('close_reason', 500, { isNullable: true }),
          col.int('published_by', { isNullable: true }),
          col.time('published_at'),
        ],
        indices: [{ name: 'uq_consult_resolution_topic', columnNames: ['topic_id'], isUnique: true }],
        foreignKeys: [
          fk('fk_consult_resolution_topic', 'topic_id', 'consult_topic', 'CASCADE'),
          fk('fk_consult_resolution_option', 'adopted_option_id', 'consult_option', 'SET NULL'),
          fk('fk_consult_resolution_published_by', 'published_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'upload_link',
        columns: [col.id(), col.int('upload_id'), col.str('entity_type', 24), col.int('entity_id'), col.int('community_id'), col.time('created_at')],
        indices: [
          { name: 'uq_upload_link_upload', columnNames: ['upload_id'], isUnique: true },
          { name: 'idx_upload_link_entity', columnNames: ['entity_type', 'entity_id'] },
        ],
        foreignKeys: [fk('fk_upload_link_upload', 'upload_id', 'upload', 'CASCADE'), fk('fk_upload_link_community', 'community_id', 'service_node')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['upload_link', 'consult_resolution', 'consult_vote', 'consult_meeting_signup', 'consult_meeting', 'consult_topic_need', 'consult_option', 'consult_topic']) {
      await q.dropTable(table);
    }
  }
}
