import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col, fk } from './schema';

/** Skills seeded with the schema; staff may later add or deactivate skills (data, not code). */
export const SEED_VOLUNTEER_SKILLS: Array<[key: string, label: string]> = [
  ['elderly_care', '助老'],
  ['escort', '陪诊'],
  ['meal_delivery', '送餐'],
  ['counselling', '心理疏导'],
  ['legal', '法律咨询'],
  ['environment', '环境整治'],
  ['arts', '文艺'],
  ['tutoring', '教育辅导'],
  ['nursing', '医疗护理'],
  ['first_aid', '应急救护'],
  ['repair', '家电维修'],
  ['errands', '代购跑腿'],
];

/**
 * Volunteers (志愿者参与): real-name registration with skills, activities with capacity and a
 * waitlist, sign-ups carrying check-in/out and confirmed hours, single-use QR scans, a points
 * ledger, tasks cut from residents' needs, and issued service certificates.
 */
export class Volunteers1764000000000 implements MigrationInterface {
  name = 'Volunteers1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'volunteer_skill',
        columns: [col.id(), col.str('key', 24), col.str('label', 16), col.int('sort', { default: 0 }), col.bool('active', { default: true })],
        indices: [{ name: 'uq_volunteer_skill_key', columnNames: ['key'], isUnique: true }],
      }),
    );
    let sort = 10;
    for (const [key, label] of SEED_VOLUNTEER_SKILLS) {
      await q.manager.createQueryBuilder().insert().into('volunteer_skill').values({ key, label, sort, active: true }).execute();
      sort += 10;
    }

    await q.createTable(
      new Table({
        name: 'volunteer',
        columns: [
          col.id(),
          col.int('user_id'),
          col.int('community_id'),
          col.int('org_id', { isNullable: true }),
          col.str('real_name_enc', 255),
          col.str('real_name_masked', 32),
          col.str('phone_enc', 255),
          col.str('phone_hash', 64),
          col.str('phone_masked', 16),
          col.str('id_number_enc', 255, { isNullable: true }),
          col.str('id_number_hash', 64, { isNullable: true }),
          col.str('id_number_masked', 24, { isNullable: true }),
          col.str('availability', 200, { default: "''" }),
          col.time('consent_at'),
          col.str('consent_version', 16),
          col.str('status', 12),
          col.str('return_reason', 500, { isNullable: true }),
          col.int('reviewed_by', { isNullable: true }),
          col.time('reviewed_at', { isNullable: true }),
          col.int('lock_version', { default: 0 }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [
          { name: 'uq_volunteer_user', columnNames: ['user_id'], isUnique: true },
          { name: 'uq_volunteer_id_number_hash', columnNames: ['id_number_hash'], isUnique: true },
          { name: 'idx_volunteer_community_status', columnNames: ['community_id', 'status'] },
        ],
        foreignKeys: [
          fk('fk_volunteer_user', 'user_id', 'app_user', 'CASCADE'),
          fk('fk_volunteer_community', 'community_id', 'service_node'),
          fk('fk_volunteer_org', 'org_id', 'organization', 'SET NULL'),
          fk('fk_volunteer_reviewed_by', 'reviewed_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_skill_link',
        columns: [col.id(), col.int('volunteer_id'), col.int('skill_id')],
        indices: [{ name: 'uq_volunteer_skill_link', columnNames: ['volunteer_id', 'skill_id'], isUnique: true }],
        foreignKeys: [
          fk('fk_volunteer_skill_link_volunteer', 'volunteer_id', 'volunteer', 'CASCADE'),
          fk('fk_volunteer_skill_link_skill', 'skill_id', 'volunteer_skill'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_activity',
        columns: [
          col.id(),
          col.int('community_id'),
          col.int('org_id', { isNullable: true }),
          col.int('created_by', { isNullable: true }),
          col.str('title', 40),
          col.str('description', 2000),
          col.time('starts_at'),
          col.time('ends_at'),
          col.time('extended_until', { isNullable: true }),
          col.time('signup_deadline'),
          col.str('address', 120),
          col.int('lat_e6', { isNullable: true }),
          col.int('lng_e6', { isNullable: true }),
          col.int('max_distance_m', { isNullable: true }),
          col.int('capacity'),
          col.int('confirmed_count', { default: 0 }),
          col.int('waitlist_count', { default: 0 }),
          col.int('waitlist_seq', { default: 0 }),
          col.bool('needs_approval', { default: false }),
          col.int('cancel_cutoff_minutes', { default: 0 }),
          col.str('late_cancel', 8),
          col.int('need_id', { isNullable: true }),
          col.int('project_id', { isNullable: true }),
          col.str('status', 12),
          col.time('attendance_confirmed_at', { isNullable: true }),
          col.int('attendance_confirmed_by', { isNullable: true }),
          col.int('version', { default: 0 }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [
          { name: 'idx_volunteer_activity_community_start', columnNames: ['community_id', 'starts_at'] },
          { name: 'idx_volunteer_activity_status_start', columnNames: ['status', 'starts_at'] },
        ],
        foreignKeys: [
          fk('fk_volunteer_activity_community', 'community_id', 'service_node'),
          fk('fk_volunteer_activity_org', 'org_id', 'organization', 'SET NULL'),
          fk('fk_volunteer_activity_created_by', 'created_by', 'app_user', 'SET NULL'),
          fk('fk_volunteer_activity_need', 'need_id', 'need', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_activity_skill',
        columns: [col.id(), col.int('activity_id'), col.int('skill_id')],
        indices: [{ name: 'uq_volunteer_activity_skill', columnNames: ['activity_id', 'skill_id'], isUnique: true }],
        foreignKeys: [
          fk('fk_volunteer_activity_skill_activity', 'activity_id', 'volunteer_activity', 'CASCADE'),
          fk('fk_volunteer_activity_skill_skill', 'skill_id', 'volunteer_skill'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_signup',
        columns: [
          col.id(),
          col.int('activity_id'),
          col.int('user_id'),
          col.str('status', 12),
          col.int('waitlist_seq', { isNullable: true }),
          col.bool('late_cancel', { default: false }),
          col.time('cancelled_at', { isNullable: true }),
          col.time('promoted_at', { isNullable: true }),
          col.time('checked_in_at', { isNullable: true }),
          col.time('checked_out_at', { isNullable: true }),
          col.str('attendance', 8, { isNullable: true }),
          col.str('attendance_reason', 200, { isNullable: true }),
          col.int('attendance_by', { isNullable: true }),
          col.int('credited_minutes', { isNullable: true }),
          col.time('confirmed_at', { isNullable: true }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [
          { name: 'uq_volunteer_signup', columnNames: ['activity_id', 'user_id'], isUnique: true },
          { name: 'idx_volunteer_signup_user', columnNames: ['user_id', 'status'] },
          { name: 'idx_volunteer_signup_queue', columnNames: ['activity_id', 'status', 'waitlist_seq'] },
        ],
        foreignKeys: [
          fk('fk_volunteer_signup_activity', 'activity_id', 'volunteer_activity', 'CASCADE'),
          fk('fk_volunteer_signup_user', 'user_id', 'app_user', 'CASCADE'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_qr_use',
        columns: [col.id(), col.int('user_id'), col.int('activity_id'), col.str('purpose', 4), col.str('token_hash', 64), col.time('created_at')],
        indices: [{ name: 'uq_volunteer_qr_use', columnNames: ['user_id', 'token_hash'], isUnique: true }],
        foreignKeys: [
          fk('fk_volunteer_qr_use_user', 'user_id', 'app_user', 'CASCADE'),
          fk('fk_volunteer_qr_use_activity', 'activity_id', 'volunteer_activity', 'CASCADE'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_points',
        columns: [
          col.id(),
          col.int('user_id'),
          col.int('delta'),
          col.str('reason', 100),
          col.str('source_type', 16),
          col.int('source_id'),
          col.int('created_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'uq_volunteer_points_source', columnNames: ['user_id', 'source_type', 'source_id'], isUnique: true },
        ],
        foreignKeys: [fk('fk_volunteer_points_user', 'user_id', 'app_user', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_task',
        columns: [
          col.id(),
          col.int('need_id'),
          col.int('community_id'),
          col.str('kind', 16),
          col.str('title', 40),
          col.str('description', 500, { default: "''" }),
          col.time('starts_at'),
          col.time('ends_at'),
          col.str('place', 120),
          col.str('status', 12),
          col.int('claimed_by', { isNullable: true }),
          col.time('claimed_at', { isNullable: true }),
          col.time('done_at', { isNullable: true }),
          col.str('done_note', 1000, { isNullable: true }),
          col.int('created_by', { isNullable: true }),
          col.time('overdue_alerted_at', { isNullable: true }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [
          { name: 'idx_volunteer_task_community_status', columnNames: ['community_id', 'status'] },
          { name: 'idx_volunteer_task_status_start', columnNames: ['status', 'starts_at'] },
          { name: 'idx_volunteer_task_need', columnNames: ['need_id'] },
          { name: 'idx_volunteer_task_claimer', columnNames: ['claimed_by'] },
        ],
        foreignKeys: [
          fk('fk_volunteer_task_need', 'need_id', 'need', 'CASCADE'),
          fk('fk_volunteer_task_community', 'community_id', 'service_node'),
          fk('fk_volunteer_task_claimed_by', 'claimed_by', 'app_user', 'SET NULL'),
          fk('fk_volunteer_task_created_by', 'created_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'volunteer_certificate',
        columns: [
          col.id(),
          col.str('code', 16),
          col.int('user_id'),
          col.int('community_id'),
          col.int('total_minutes'),
          col.int('activity_count'),
          col.time('issued_at'),
        ],
        indices: [
          { name: 'uq_volunteer_certificate_code', columnNames: ['code'], isUnique: true },
          { name: 'idx_volunteer_certificate_user', columnNames: ['user_id'] },
        ],
        foreignKeys: [
          fk('fk_volunteer_certificate_user', 'user_id', 'app_user', 'CASCADE'),
          fk('fk_volunteer_certificate_community', 'community_id', 'service_node'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'volunteer_certificate',
      'volunteer_task',
      'volunteer_points',
      'volunteer_qr_use',
      'volunteer_signup',
      'volunteer_activity_skill',
      'volunteer_activity',
      'volunteer_skill_link',
      'volunteer',
      'volunteer_skill',
    ]) {
      await q.dropTable(table);
    }
  }
}
