import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditService } from './audit/audit.service';
import { Clock } from './common/clock';
import { PiiCipher } from './common/crypto';
import { ConfigError, loadConfig } from './config/app-config';
import { openDataSource } from './data-source';
import { RoleAssignment, scopeKeyOf } from './roles/role-assignment.entity';
import { seedDemo } from './seed/demo-seed';
import { CHILD_LEVEL, ServiceNode } from './tree/service-node.entity';
import { insertNode } from './tree/tree.service';
import { User } from './users/user.entity';
import { inTransaction } from './database/transaction';

const USAGE = `用法: node dist/server/cli.js <命令>
  migrate                              执行数据库迁移
  seed-demo                            向空数据库写入演示数据
  add-node --name 名称 [--parent 编号]   新增区县（无 --parent）或其下级节点
  grant-admin --user 用户编号 --node 节点编号
                                       任命管理员（首位管理员须在此设置；用户编号见小程序“我的”页）`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, parent: { type: 'string' }, user: { type: 'string' }, node: { type: 'string' } },
  });
  const command = positionals[0];
  if (!command || !['migrate', 'seed-demo', 'add-node', 'grant-admin'].includes(command)) {
    console.log(USAGE);
    process.exit(command ? 2 : 0);
  }
  const config = loadConfig();
  const db = await openDataSource(config.database, { clock: new Clock(), migrate: true });
  try {
    switch (command) {
      case 'migrate':
        console.log('数据库已是最新结构');
        break;
      case 'seed-demo':
        console.log((await seedDemo(db, new PiiCipher(config.dataKey))) ? '已写入演示数据' : '数据库非空，未写入演示数据');
        break;
      case 'add-node': {
        if (!values.name) throw new Error('缺少 --name');
        const parent = values.parent ? await db.manager.findOneByOrFail(ServiceNode, { id: Number(values.parent) }) : null;
        const level = parent ? CHILD_LEVEL[parent.level] : 'district';
        if (!level) throw new Error('社区下不能再设下级节点');
        const node = await inTransaction(db, (m) =>
          insertNode(m, { parentId: parent?.id ?? null, parentPath: parent?.path ?? null, level, name: values.name! }),
        );
        console.log(`已新增 ${node.name}（编号 ${node.id}）`);
        break;
      }
      case 'grant-admin': {
        const user = await db.manager.findOneByOrFail(User, { id: Number(values.user) });
        const node = await db.manager.findOneByOrFail(ServiceNode, { id: Number(values.node) });
        await inTransaction(db, async (m) => {
          await m.save(
            RoleAssignment,
            m.create(RoleAssignment, { userId: user.id, nodeId: node.id, role: 'admin', orgId: null, scopeKey: scopeKeyOf('admin', node.id, null), grantedBy: null }),
          );
          await new AuditService().record(m, {
            actorId: null,
            actorRole: 'cli',
            action: 'role.grant',
            entityType: 'user',
            entityId: user.id,
            nodeId: node.id,
            toState: 'admin',
          });
        });
        console.log(`已任命 ${user.nickname} 为 ${node.name} 管理员`);
        break;
      }
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : `失败：${err?.message ?? err}`);
  process.exit(1);
});
