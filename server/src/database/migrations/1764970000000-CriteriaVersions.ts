import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col } from './schema';

/**
 * Evaluation criteria are revised in versions (#13): rows are never edited, a revision deactivates
 * the set and inserts the next version (a key may recur across versions); an evaluation records
 * the version it was scored against, and keeps its own frozen labels and weights.
 */
export class CriteriaVersions1764970000000 implements MigrationInterface {
  name = 'CriteriaVersions1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('eval_criterion', new TableColumn(col.int('version', { default: 1 })));
    await q.dropIndex('eval_criterion', 'uq_eval_criterion_key');
    await q.createIndex('eval_criterion', new TableIndex({ name: 'uq_eval_criterion_key', columnNames: ['key', 'version'], isUnique: true }));
    await q.addColumn('project_evaluation', new TableColumn(col.int('criteria_version', { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('project_evaluation', 'criteria_version');
    await q.query('DELETE FROM eval_criterion WHERE version > 1');
    await q.dropIndex('eval_criterion', 'uq_eval_criterion_key');
    await q.createIndex('eval_criterion', new TableIndex({ name: 'uq_eval_criterion_key', columnNames: ['key'], isUnique: true }));
    await q.dropColumn('eval_criterion', 'version');
  }
}
