import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';

import type { NodeLevel } from '../contract/tree';

export { NODE_LEVELS, NODE_LEVEL_LABEL, type NodeLevel } from '../contract/tree';
export const CHILD_LEVEL: Record<NodeLevel, NodeLevel | null> = { district: 'street', street: 'community', community: null };

/**
 * A place in the service tree: district (区/县, 社工指导中心) → street (街道/乡镇, 社工站) →
 * community (社区/村, 社工室). `path` is the materialized path of ids, `/1/4/9/`, so
 * "is X inside Y's subtree" is a prefix test and a subtree is one indexed range scan.
 */
@Entity('service_node')
export class ServiceNode {
  @IdColumn()
  id: number;

  @Index('idx_service_node_parent')
  @RefColumn({ nullable: true })
  parentId: number | null;

  @ForeignKey(() => ServiceNode, 'parent_id', 'fk_service_node_parent')
  parent?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 16 })
  level: NodeLevel;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Index('idx_service_node_path')
  @Column({ type: 'varchar', length: 255 })
  path: string;

  @TimeColumn()
  createdAt: Date;
}
