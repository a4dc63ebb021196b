import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { Upload } from './upload.entity';

/**
 * What an attachment belongs to. Every photo the product keeps is attached through this one table;
 * the domain that owns the kind decides who may see it (UploadsService.registerPolicy).
 */
export const LINK_TYPES = [
  'need_report',
  'need_evidence',
  'meeting',
  'progress',
  'completion',
  'wish_delivery',
  'fund_receipt',
  'allocation_invoice',
] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/**
 * One photo attached to one thing: a need (reported, or the evidence it was done), a meeting,
 * a project's progress or completion report, a wish's delivery, a fund receipt or an invoice.
 * An upload is attached once (unique upload_id), so a private receipt can never reappear on a
 * public need. `communityId` is the node the thing belongs to (a street for a street fund's
 * receipts).
 */
@Entity('upload_link')
@Index('idx_upload_link_entity', ['entityType', 'entityId'])
export class UploadLink {
  @IdColumn()
  id: number;

  @Index('uq_upload_link_upload', { unique: true })
  @RefColumn()
  uploadId: number;

  @ForeignKey(() => Upload, 'upload_id', 'fk_upload_link_upload', 'CASCADE')
  upload?: Relation<Upload>;

  @Column({ type: 'varchar', length: 24 })
  entityType: LinkType;

  @RefColumn()
  entityId: number;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_upload_link_community')
  community?: Relation<ServiceNode>;

  @TimeColumn()
  createdAt: Date;
}
