import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Need } from '../needs/need.entity';
import { User } from '../users/user.entity';

export type UploadPurpose = 'report' | 'evidence';

/**
 * An uploaded photo. `path` is relative to UPLOAD_DIR and random (never the client's name).
 * Until it is attached to a need (`needId`) only its owner can see it.
 */
@Entity('upload')
export class Upload {
  @IdColumn()
  id: number;

  @Index('idx_upload_owner')
  @RefColumn()
  ownerId: number;

  @ForeignKey(() => User, 'owner_id', 'fk_upload_owner', 'CASCADE')
  owner?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  mime: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'varchar', length: 255 })
  path: string;

  @Index('idx_upload_need')
  @RefColumn({ nullable: true })
  needId: number | null;

  @ForeignKey(() => Need, 'need_id', 'fk_upload_need', 'SET NULL')
  need?: Relation<Need>;

  @Column({ type: 'varchar', length: 12, nullable: true })
  purpose: UploadPurpose | null;

  @TimeColumn()
  createdAt: Date;
}
