import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from './user.entity';

/** Where a resident lives: one community, with building (楼栋) and unit (单元). One per user. */
@Entity('residence')
export class Residence {
  @IdColumn()
  id: number;

  @Index('uq_residence_user', { unique: true })
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_residence_user', 'CASCADE')
  user?: Relation<User>;

  @Index('idx_residence_community')
  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_residence_community')
  community?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 16 })
  building: string;

  @Column({ type: 'varchar', length: 16 })
  unit: string;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}
