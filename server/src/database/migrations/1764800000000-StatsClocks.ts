import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col } from './schema';

/**
 * 统计 and the 接诉即办 clocks (#12):
 * - idx_need_stats: (community, created_at) and every column the needs statistics count, so that a
 *   period's needs are counted from the index alone, one range per community (a district's year
 *   of a million needs: no row reads); (community, done_at) for the month-by-month trend;
 * - who recorded a need's rating (a 代报 need's 回访 counts only when someone other than its handler recorded it);
 * - an escalation belongs to a clock (`response`: waiting to be accepted; `progress`: no step for
 *   NEED_PROGRESS_DAYS) started at `clock_at`, so a need that stalls again after a step is noticed again.
 */
/** The columns of idx_need_stats, in order (need.entity.ts names them too). */
export const NEED_STATS_COLUMNS = ['community_id', 'created_at', 'status', 'category_id', 'urgency', 'accepted_at', 'closed_at', 'done_at', 'reopen_count', 'rating', 'proxy', 'rated_by', 'handler_id'];

export class StatsClocks1764800000000 implements MigrationInterface {
  name = 'StatsClocks1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('need', new TableColumn(col.int('rated_by', { isNullable: true })));
    await q.createIndex('need', new TableIndex({ name: 'idx_need_stats', columnNames: NEED_STATS_COLUMNS }));
    await q.createIndex('need', new TableIndex({ name: 'idx_need_community_done', columnNames: ['community_id', 'done_at'] }));
    // Waiting needs by urgency and age (the late ones), in the index the queue already used.
    await q.dropIndex('need', 'idx_need_community_status');
    await q.createIndex('need', new TableIndex({ name: 'idx_need_community_status', columnNames: ['community_id', 'status', 'urgency', 'created_at'] }));
    // A need's latest step without reading the rows (the progress clock).
    await q.dropIndex('audit_log', 'idx_audit_entity');
    await q.createIndex('audit_log', new TableIndex({ name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id', 'action', 'created_at'] }));
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
    await q.dropIndex('audit_log', 'idx_audit_entity');
    await q.createIndex('audit_log', new TableIndex({ name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id'] }));
    await q.dropIndex('need', 'idx_need_community_status');
    await q.createIndex('need', new TableIndex({ name: 'idx_need_community_status', columnNames: ['community_id', 'status'] }));
    await q.dropIndex('need', 'idx_need_community_done');
    await q.dropIndex('need', 'idx_need_stats');
    await q.dropColumn('need', 'rated_by');
  }
}
