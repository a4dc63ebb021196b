import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col } from './schema';

/**
 * 统计 and the 接诉即办 clocks (#12):
 * - needs by (community, created_at): every statistic reads the needs a subtree reported in a period;
 * - who recorded a need's rating (a 代报 need's 回访 counts only when someone other than its handler recorded it);
 * - an escalation belongs to a clock (`response`: waiting to be accepted; `progress`: no step for
 *   NEED_PROGRESS_DAYS) started at `clock_at`, so a need that stalls again after a step is noticed again.
 */
export class StatsClocks1764800000000 implements MigrationInterface {
  name = 'StatsClocks1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('need', new TableIndex({ name: 'idx_need_community_created', columnNames: ['community_id', 'created_at'] }));
    await q.addColumn('need', new TableColumn(col.int('rated_by', { isNullable: true })));
    await q.addColumn('need_escalation', new TableColumn(col.str('clock', 8, { default: "'response'" })));
    await q.addColumn('need_escalation', new TableColumn(col.time('clock_at', { isNullable: true })));
    await q.query('UPDATE need_escalation SET clock_at = (SELECT n.created_at FROM need n WHERE n.id = need_escalation.need_id)');
    await q.changeColumn('need_escalation', 'clock_at', new TableColumn(col.time('clock_at')));
    // MariaDB keeps the foreign key on need_id in an index: hold it in a temporary one while the unique key changes.
    await q.createIndex('need_escalation', new TableIndex({ name: 'idx_need_escalation_tmp', columnNames: ['need_id'] }));
    await q.dropIndex('need_escalation', 'uq_need_escalation');
    await q.createIndex('need_escalation', new TableIndex({ name: 'uq_need_escalation', columnNames: ['need_id', 'clock', 'clock_at', 'level'], isUnique: true }));
    await q.dropIndex('need_escalation', 'idx_need_escalation_tmp');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM need_escalation WHERE clock <> 'response'");
    await q.createIndex('need_escalation', new TableIndex({ name: 'idx_need_escalation_tmp', columnNames: ['need_id'] }));
    await q.dropIndex('need_escalation', 'uq_need_escalation');
    await q.dropColumn('need_escalation', 'clock_at');
    await q.dropColumn('need_escalation', 'clock');
    await q.createIndex('need_escalation', new TableIndex({ name: 'uq_need_escalation', columnNames: ['need_id', 'level'], isUnique: true }));
    await q.dropIndex('need_escalation', 'idx_need_escalation_tmp');
    await q.dropColumn('need', 'rated_by');
    await q.dropIndex('need', 'idx_need_community_created');
  }
}
