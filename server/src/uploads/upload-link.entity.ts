import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { Upload } from './upload.entity';

/** What a linked photo belongs to (besides needs, which use upload.need_id). */
export const LINK_TYPES = ['meeting', 'progress', 'completion'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/**
 * A photo attached to a consultation meeting, a project progress update or a completion report.
 * An upload is linked once. Anyone holding a role on or above `communityId` (its residents,
 * staff, social workers, organization members, street/district admins) may see it; public
 * pages show how many photos there are, not the photos (they may show people).
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
