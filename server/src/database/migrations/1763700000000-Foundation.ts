import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from './schema';

/** The foundation: service tree, users and residence, organizations, role grants, audit log. */
export class Foundation1763700000000 implements MigrationInterface {
  name = 'Foundation1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'service_node',
        columns: [
          col.id(),
          col.int('parent_id', { isNullable: true }),
          col.str('level', 16),
          col.str('name', 64),
          col.str('path', 255),
          col.time('created_at'),
        ],
        indices: [
          { name: 'idx_service_node_parent', columnNames: ['parent_id'] },
          { name: 'idx_service_node_path', columnNames: ['path'] },
        ],
        foreignKeys: [
          { name: 'fk_service_node_parent', columnNames: ['parent_id'], referencedTableName: 'service_node', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'app_user',
        columns: [
          col.id(),
          col.str('openid', 64),
          col.str('unionid', 64, { isNullable: true }),
          col.str('nickname', 32),
          col.str('session_key_enc', 255, { isNullable: true }),
          col.str('phone_enc', 255, { isNullable: true }),
          col.str('phone_hash', 64, { isNullable: true }),
          col.str('phone_masked', 16, { isNullable: true }),
          col.str('demo_key', 32, { isNullable: true }),
          col.time('created_at'),
          col.time('last_login_at', { isNullable: true }),
        ],
        indices: [
          { name: 'uq_app_user_openid', columnNames: ['openid'], isUnique: true },
          { name: 'uq_app_user_phone_hash', columnNames: ['phone_hash'], isUnique: true },
          { name: 'uq_app_user_demo_key', columnNames: ['demo_key'], isUnique: true },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'residence',
        columns: [
          col.id(),
          col.int('user_id'),
          col.int('community_id'),
          col.str('building', 16),
          col.str('unit', 16),
          col.time('created_at'),
          col.time('updated_at'),
        ],
        indices: [
          { name: 'uq_residence_user', columnNames: ['user_id'], isUnique: true },
          { name: 'idx_residence_community', columnNames: ['community_id'] },
        ],
        foreignKeys: [
          { name: 'fk_residence_user', columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_residence_community', columnNames: ['community_id'], referencedTableName: 'service_node', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'organization',
        columns: [
          col.id(),
          col.int('node_id'),
          col.str('name', 64),
          col.str('kind', 24),
          col.str('credit_code', 18, { isNullable: true }),
          col.str('description', 500, { default: "''" }),
          col.int('created_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'uq_organization_node_name', columnNames: ['node_id', 'name'], isUnique: true },
          { name: 'idx_organization_node', columnNames: ['node_id'] },
        ],
        foreignKeys: [
          { name: 'fk_organization_node', columnNames: ['node_id'], referencedTableName: 'service_node', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'role_assignment',
        columns: [
          col.id(),
          col.int('user_id'),
          col.int('node_id'),
          col.str('role', 16),
          col.int('org_id', { isNullable: true }),
          col.str('scope_key', 48),
          col.int('granted_by', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'uq_role_assignment_scope', columnNames: ['user_id', 'scope_key'], isUnique: true },
          { name: 'idx_role_assignment_user', columnNames: ['user_id'] },
          { name: 'idx_role_assignment_node', columnNames: ['node_id'] },
        ],
        foreignKeys: [
          { name: 'fk_role_assignment_user', columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_role_assignment_node', columnNames: ['node_id'], referencedTableName: 'service_node', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
          { name: 'fk_role_assignment_org', columnNames: ['org_id'], referencedTableName: 'organization', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          col.id(),
          col.int('actor_id', { isNullable: true }),
          col.str('actor_role', 16, { isNullable: true }),
          col.str('action', 48),
          col.str('entity_type', 32),
          col.int('entity_id'),
          col.int('node_id', { isNullable: true }),
          col.str('from_state', 32, { isNullable: true }),
          col.str('to_state', 32, { isNullable: true }),
          col.str('reason', 500, { isNullable: true }),
          col.text('detail', { isNullable: true }),
          col.time('created_at'),
        ],
        indices: [
          { name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id'] },
          { name: 'idx_audit_node_time', columnNames: ['node_id', 'created_at'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'role_assignment', 'organization', 'residence', 'app_user', 'service_node']) {
      await q.dropTable(table);
    }
  }
}
