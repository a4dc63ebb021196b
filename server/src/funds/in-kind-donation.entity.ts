import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import { Wish } from '../wishes/wish.entity';
import type { DestinationKind, DonorKind } from '../contract/funds';

/**
 * A donation in kind (物资捐赠): what, how much, from whom (or anonymous) and where it went —
 * a need, a wish, or a household described without personal data (`destinationNote`).
 * Listed publicly like money; the recorder stays private.
 */
@Entity('in_kind_donation')
@Index('idx_in_kind_node_date', ['nodeId', 'receivedOn'])
export class InKindDonation {
  @IdColumn()
  id: number;

  @RefColumn()
  nodeId: number;

  @ForeignKey(() => ServiceNode, 'node_id', 'fk_in_kind_node')
  node?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 40 })
  item: string;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'varchar', length: 8 })
  unit: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  donorName: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'varchar', length: 16 })
  donorKind: DonorKind;

  @Column({ type: 'varchar', length: 10 })
  receivedOn: string;

  @Column({ type: 'varchar', length: 12 })
  destinationKind: DestinationKind;

  @RefColumn({ nullable: true })
  needId: number | null;

  @RefColumn({ nullable: true })
  wishId: number | null;

  @ForeignKey(() => Wish, 'wish_id', 'fk_in_kind_wish', 'SET NULL')
  wish?: Relation<Wish>;

  @Column({ type: 'varchar', length: 100, nullable: true })
  destinationNote: string | null;

  @RefColumn({ nullable: true })
  recordedBy: number | null;

  @ForeignKey(() => User, 'recorded_by', 'fk_in_kind_recorded_by', 'SET NULL')
  recorder?: Relation<User>;

  @TimeColumn()
  createdAt: Date;
}
