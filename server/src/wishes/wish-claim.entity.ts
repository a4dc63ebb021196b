import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';
import { Wish } from './wish.entity';
import type { ClaimStatus } from '../contract/wishes';

/**
 * One person's claim (认领) of a wish. `activeWishId` equals `wishId` while the claim is active
 * and is NULL afterwards; its unique index backs "one active claim per wish" in the schema too.
 * The claimer chooses at claim time whether to be thanked by nickname or anonymously, and
 * whether to be shown as a party member (党员, self-declared on the claim).
 */
@Entity('wish_claim')
@Index('idx_wish_claim_status_deadline', ['status', 'deadlineAt'])
export class WishClaim {
  @IdColumn()
  id: number;

  @Index('idx_wish_claim_wish')
  @RefColumn()
  wishId: number;

  @ForeignKey(() => Wish, 'wish_id', 'fk_wish_claim_wish', 'CASCADE')
  wish?: Relation<Wish>;

  @Index('idx_wish_claim_user')
  @RefColumn({ nullable: true })
  userId: number | null;

  @ForeignKey(() => User, 'user_id', 'fk_wish_claim_user', 'SET NULL')
  user?: Relation<User>;

  @Index('uq_wish_claim_active', { unique: true })
  @RefColumn({ nullable: true })
  activeWishId: number | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'boolean', default: false })
  asPartyMember: boolean;

  /** The nickname at claim time, or NULL when the claimer chose to stay anonymous. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  publicName: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: ClaimStatus;

  @TimeColumn()
  claimedAt: Date;

  @TimeColumn()
  deadlineAt: Date;

  @TimeColumn({ nullable: true })
  endedAt: Date | null;

  @TimeColumn()
  createdAt: Date;
}
