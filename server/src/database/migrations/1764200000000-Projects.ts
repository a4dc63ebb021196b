import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col, fk } from './schema';

/** The scorecard seeded with the schema (criteria and weights are data; weights add up to 100). */
export const SEED_EVAL_CRITERIA: Array<[key: string, label: string, weight: number]> = [
  ['need_fit', '需求契合度', 20],
  ['outcome', '服务成效', 30],
  ['satisfaction', '居民满意度', 20],
  ['funds', '资金使用规范性', 15],
  ['management', '项目管理与社工指导', 15],
];

/**
 * Service projects (服务项目, 社会组织实施) with their needs, milestones and progress updates;
 * social workers' guidance records (社工指导/督导) and sign-off; the scorecard criteria (data)
 * and one evaluation (评估) per project.
 */
export class Projects1764200000000 implements MigrationInterface {
  name = 'Projects1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'service_project',
        columns: [
          col.id(),
          col.int('community_id'),
          col.int('resolution_id', { isNullable: true }),
          col.str('title', 40),
          col.str('domain', 16),
          col.str('summary', 1000),
          col.int('org_id'),
          col.int('social_worker_id'),
          col.int('budget_fen'),
          col.str('starts_on', 10),
          col.str('ends_on', 10),
          col.str('status', 12),
          col.int('people_served', { default: 0 }),
          col.int('signed_off_by', { isNullable: true }),
          col.time('signed_off_at', { isNullable: true }),
          col.str('sign_off_comment', 500, { isNullable: true }),
          col.str('completion_report', 2000, { isNullable: true }),
          col.time('completed_at', { isNullable: true }),
          col.int('score', { isNullable: true }),
          col.int('created_by', { isNullable: true }),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [
          { name: 'idx_service_project_community', columnNames: ['community_id', 'status'] },
          { name: 'idx_service_project_org', columnNames: ['org_id'] },
          { name: 'idx_service_project_sw', columnNames: ['social_worker_id'] },
          // A resolution starts at most one project.
          { name: 'uq_service_project_resolution', columnNames: ['resolution_id'], isUnique: true },
        ],
        foreignKeys: [
          fk('fk_service_project_community', 'community_id', 'service_node'),
          fk('fk_service_project_resolution', 'resolution_id', 'consult_resolution'),
          fk('fk_service_project_org', 'org_id', 'organization'),
          fk('fk_service_project_sw', 'social_worker_id', 'app_user'),
          fk('fk_service_project_signed_off_by', 'signed_off_by', 'app_user', 'SET NULL'),
          fk('fk_service_project_created_by', 'created_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'project_need',
        columns: [col.id(), col.int('project_id'), col.int('need_id'), col.time('created_at')],
        indices: [
          { name: 'uq_project_need', columnNames: ['project_id', 'need_id'], isUnique: true },
          { name: 'idx_project_need_need', columnNames: ['need_id'] },
        ],
        foreignKeys: [fk('fk_project_need_project', 'project_id', 'service_project', 'CASCADE'), fk('fk_project_need_need', 'need_id', 'need', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'project_milestone',
        columns: [col.id(), col.int('project_id'), col.int('sort'), col.str('title', 60), col.str('planned_on', 10), col.str('done_on', 10, { isNullable: true })],
        indices: [{ name: 'uq_project_milestone_sort', columnNames: ['project_id', 'sort'], isUnique: true }],
        foreignKeys: [fk('fk_project_milestone_project', 'project_id', 'service_project', 'CASCADE')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'project_progress',
        columns: [
          col.id(),
          col.int('project_id'),
          col.int('milestone_id', { isNullable: true }),
          col.str('text', 1000),
          col.int('people_served', { default: 0 }),
          col.bool('milestone_done', { default: false }),
          col.int('posted_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [{ name: 'idx_project_progress_project', columnNames: ['project_id'] }],
        foreignKeys: [
          fk('fk_project_progress_project', 'project_id', 'service_project', 'CASCADE'),
          fk('fk_project_progress_milestone', 'milestone_id', 'project_milestone', 'SET NULL'),
          fk('fk_project_progress_posted_by', 'posted_by', 'app_user', 'SET NULL'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'project_guidance',
        columns: [
          col.id(),
          col.int('project_id'),
          col.int('social_worker_id', { isNullable: true }),
          col.str('guided_on', 10),
          col.str('form', 12),
          col.str('content', 1000),
          col.str('issues', 1000, { default: "''" }),
          col.str('next_steps', 1000, { default: "''" }),
          col.time('created_at'),
        ],
        indices: [{ name: 'idx_project_guidance_project', columnNames: ['project_id'] }],
        foreignKeys: [fk('fk_project_guidance_project', 'project_id', 'service_project', 'CASCADE'), fk('fk_project_guidance_sw', 'social_worker_id', 'app_user', 'SET NULL')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'eval_criterion',
        columns: [col.id(), col.str('key', 24), col.str('label', 24), col.int('weight'), col.int('sort', { default: 0 }), col.bool('active', { default: true })],
        indices: [{ name: 'uq_eval_criterion_key', columnNames: ['key'], isUnique: true }],
      }),
    );
    let sort = 0;
    for (const [key, label, weight] of SEED_EVAL_CRITERIA) {
      // Plain SQL, not the query builder: the builder would use today's entity (and its later columns).
      await q.query('INSERT INTO eval_criterion (`key`, label, weight, sort, active) VALUES (?, ?, ?, ?, ?)', [key, label, weight, sort++, 1]);
    }

    await q.createTable(
      new Table({
        name: 'project_evaluation',
        columns: [
          col.id(),
          col.int('project_id'),
          col.int('evaluator_id', { isNullable: true }),
          col.text('scores'),
          col.int('total_score'),
          col.int('resident_rating_x100', { isNullable: true }),
          col.int('resident_rating_count', { default: 0 }),
          col.str('comment', 1000),
          col.time('created_at'),
        ],
        indices: [{ name: 'uq_project_evaluation_project', columnNames: ['project_id'], isUnique: true }],
        foreignKeys: [fk('fk_project_evaluation_project', 'project_id', 'service_project', 'CASCADE'), fk('fk_project_evaluation_evaluator', 'evaluator_id', 'app_user', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['project_evaluation', 'eval_criterion', 'project_guidance', 'project_progress', 'project_milestone', 'project_need', 'service_project']) {
      await q.dropTable(table);
    }
  }
}
