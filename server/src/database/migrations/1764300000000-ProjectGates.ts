import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from './schema';

/**
 * Gates that gate (#20): a milestone the project will not reach can be waived by the social
 * worker with a reason (sign-off and completion wait for every milestone done or waived), and a
 * scorecard criterion says where its score comes from: typed by the evaluator, or computed from
 * the residents' ratings (居民满意度).
 */
export class ProjectGates1764300000000 implements MigrationInterface {
  name = 'ProjectGates1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('project_milestone', [
      new TableColumn(col.str('waived_reason', 200, { isNullable: true })),
      new TableColumn(col.str('waived_on', 10, { isNullable: true })),
      new TableColumn(col.int('waived_by', { isNullable: true })),
    ]);
    await q.addColumn('eval_criterion', new TableColumn(col.str('source', 16, { default: "'scored'" })));
    await q.query("UPDATE eval_criterion SET source = 'residents' WHERE `key` = 'satisfaction'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('eval_criterion', 'source');
    await q.dropColumns('project_milestone', ['waived_reason', 'waived_on', 'waived_by']);
  }
}
