import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimeColumn } from '../database/columns';

/**
 * A person who has opened the mini-program. Identity is the WeChat openid; personal
 * identifiers are stored encrypted (`*Enc`) with a keyed hash for lookup (`phoneHash`)
 * and a masked copy for display (`phoneMasked`). `sessionKeyEnc` never leaves the server.
 */
@Entity('app_user')
export class User {
  @IdColumn()
  id: number;

  @Index('uq_app_user_openid', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  @Column({ type: 'varchar', length: 32 })
  nickname: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  sessionKeyEnc: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  phoneEnc: string | null;

  @Index('uq_app_user_phone_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  phoneMasked: string | null;

  /** Set for the demo accounts that the development login offers; null for real people. */
  @Index('uq_app_user_demo_key', { unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  demoKey: string | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn({ nullable: true })
  lastLoginAt: Date | null;

  /** Set when the person deleted their account (我的数据): the row stays, anonymised, so records keep their shape. */
  @TimeColumn({ nullable: true })
  deletedAt: Date | null;
}
