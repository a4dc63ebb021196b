import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';

/** A wish campaign (e.g. 六一圆梦) run by a community or street: a set of wishes and a deadline. */
@Entity('wish_campaign')
export class WishCampaign {
  @IdColumn()
  id: number;

  @Index('idx_wish_campaign_node')
  @RefColumn()
  nodeId: number;

  @ForeignKey(() => ServiceNode, 'node_id', 'fk_wish_campaign_node')
  node?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  /** The organizing party organization or unit, e.g. 古南街道党工委. */
  @Column({ type: 'varchar', length: 64, default: '' })
  organizer: string;

  @TimeColumn()
  deadlineAt: Date;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @ForeignKey(() => User, 'created_by', 'fk_wish_campaign_created_by', 'SET NULL')
  creator?: Relation<User>;

  @TimeColumn()
  createdAt: Date;
}
