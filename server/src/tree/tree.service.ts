import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, notFound } from '../common/errors';
import { ancestorIds, requireRoleOn } from '../roles/access';
import { CHILD_LEVEL, NODE_LEVEL_LABEL, ServiceNode } from './service-node.entity';
import { inTransaction } from '../database/transaction';

import type { NodeView, TreeNodeView } from '../contract/tree';

@Injectable()
export class TreeService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async getNode(id: number, manager: EntityManager = this.db.manager): Promise<ServiceNode> {
    const node = await manager.findOne(ServiceNode, { where: { id } });
    if (!node) throw notFound('该社区或街道');
    return node;
  }

  /** The whole tree, for the community picker. Names only: nothing here is personal. */
  async tree(): Promise<TreeNodeView[]> {
    const nodes = await this.db.manager.find(ServiceNode, { order: { path: 'ASC' } });
    const byId = new Map<number, TreeNodeView>();
    const roots: TreeNodeView[] = [];
    for (const n of nodes.sort((a, b) => a.path.length - b.path.length || a.id - b.id)) {
      const view: TreeNodeView = { id: n.id, name: n.name, level: n.level, levelLabel: NODE_LEVEL_LABEL[n.level], children: [] };
      byId.set(n.id, view);
      const parent = n.parentId ? byId.get(n.parentId) : undefined;
      (parent ? parent.children : roots).push(view);
    }
    return roots;
  }

  async view(id: number): Promise<NodeView> {
    const node = await this.getNode(id);
    return { ...this.describe(node), ancestors: await this.ancestors(node) };
  }

  async ancestors(node: ServiceNode): Promise<NodeView['ancestors']> {
    const ids = ancestorIds(node);
    if (!ids.length) return [];
    const rows = await this.db.manager.find(ServiceNode, { where: { id: In(ids) } });
    return rows.sort((a, b) => a.path.length - b.path.length).map((n) => ({ id: n.id, name: n.name, level: n.level }));
  }

  describe(node: ServiceNode): Omit<NodeView, 'ancestors'> {
    return { id: node.id, name: node.name, level: node.level, levelLabel: NODE_LEVEL_LABEL[node.level] };
  }

  /** An admin adds a street under their district, or a community under their street. */
  async createChild(principal: Principal, parentId: number, name: string): Promise<ServiceNode> {
    return inTransaction(this.db, async (m) => {
      const parent = await this.getNode(parentId, m);
      const grant = requireRoleOn(principal, parent, ['admin'], '只有上级管理员可以新增街道或社区');
      const level = CHILD_LEVEL[parent.level];
      if (!level) throw new AppError(ErrorCode.BAD_REQUEST, '社区下不能再设下级节点');
      const exists = await m.findOne(ServiceNode, { where: { parentId, name } });
      if (exists) throw new AppError(ErrorCode.CONFLICT, `“${parent.name}”下已有名为“${name}”的${NODE_LEVEL_LABEL[level]}`);
      const node = await insertNode(m, { parentId: parent.id, parentPath: parent.path, level, name });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'node.create',
        entityType: 'service_node',
        entityId: node.id,
        nodeId: node.id,
        toState: level,
      });
      return node;
    });
  }
}

/** Inserts a node and sets its materialized path (which needs its id). */
export async function insertNode(
  m: EntityManager,
  input: { parentId: number | null; parentPath: string | null; level: ServiceNode['level']; name: string },
): Promise<ServiceNode> {
  const node = await m.save(ServiceNode, m.create(ServiceNode, { parentId: input.parentId, level: input.level, name: input.name, path: '/' }));
  node.path = `${input.parentPath ?? '/'}${node.id}/`;
  await m.update(ServiceNode, { id: node.id }, { path: node.path });
  return node;
}
