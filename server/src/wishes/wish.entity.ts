import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import { WishCampaign } from './wish-campaign.entity';
import type { WishCategory, WishStatus } from '../contract/wishes';

/**
 * A micro-wish (微心愿) published by staff or a social worker on behalf of a person in difficulty.
 * The beneficiary's name and address are stored encrypted (PiiCipher) and never leave the
 * server except to covering staff (audited); the public sees `beneficiaryMasked` (王**) and
 * the community's name. `contactText` (where to bring it, whom to contact — staff, never the
 * beneficiary) is shown to the active claimer only.
 */
@Entity('wish')
@Index('idx_wish_community_status', ['communityId', 'status'])
export class Wish {
  @IdColumn()
  id: number;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_wish_community')
  community?: Relation<ServiceNode>;

  @Index('idx_wish_campaign')
  @RefColumn({ nullable: true })
  campaignId: number | null;

  @ForeignKey(() => WishCampaign, 'campaign_id', 'fk_wish_campaign', 'SET NULL')
  campaign?: Relation<WishCampaign>;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  story: string;

  /** Reference value in fen. */
  @Column({ type: 'int' })
  valueFen: number;

  @Column({ type: 'varchar', length: 16 })
  category: WishCategory;

  @Column({ type: 'varchar', length: 16 })
  beneficiaryMasked: string;

  @Column({ type: 'varchar', length: 255 })
  beneficiaryNameEnc: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  beneficiaryAddressEnc: string | null;

  @Column({ type: 'varchar', length: 200 })
  contactText: string;

  @RefColumn({ nullable: true })
  needId: number | null;

  @Column({ type: 'varchar', length: 12 })
  status: WishStatus;

  /** The current claim while claimed; the fulfilled claim once delivered. */
  @RefColumn({ nullable: true })
  activeClaimId: number | null;

  @TimeColumn({ nullable: true })
  deliveredAt: Date | null;

  @RefColumn({ nullable: true })
  deliveryPhotoUploadId: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  deliveryNote: string | null;

  /** The delivery photo is shown publicly only once staff mark it publishable. */
  @Column({ type: 'boolean', default: false })
  photoPublic: boolean;

  /** Who chose to make the delivery photo public (the beneficiary having agreed), and when. */
  @RefColumn({ nullable: true })
  photoPublicBy: number | null;

  @TimeColumn({ nullable: true })
  photoPublicAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  thanksText: string | null;

  @TimeColumn({ nullable: true })
  completedAt: Date | null;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @ForeignKey(() => User, 'created_by', 'fk_wish_created_by', 'SET NULL')
  creator?: Relation<User>;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}
