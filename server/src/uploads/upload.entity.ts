import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';

/**
 * An uploaded photo. `path` is relative to UPLOAD_DIR and random (never the client's name).
 * Until it is attached (an upload_link row) only its owner can see it.
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

  /**
   * WeChat's image content check (mediaCheckAsync): `pending` until the verdict is pushed, then
   * `pass` or `risky` (withdrawn: only staff see it); `none` for photos stored before checks.
   * Until it passes, a photo is shown only to its uploader and staff.
   */
  @Column({ type: 'varchar', length: 8, default: 'none' })
  checkStatus: 'none' | 'pending' | 'pass' | 'risky';

  @Index('idx_upload_check_trace')
  @Column({ type: 'varchar', length: 64, nullable: true })
  checkTrace: string | null;

  /** A small WebP for lists (null for photos stored before thumbnails). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  thumbPath: string | null;

  @TimeColumn()
  createdAt: Date;
}
