import { Column, Entity, Index } from 'typeorm';
import { IdColumn } from '../database/columns';

/** A kind of need (养老, 助残 …). Data, not code: seeded by the migration, extended by staff later. */
@Entity('need_category')
export class NeedCategory {
  @IdColumn()
  id: number;

  @Index('uq_need_category_key', { unique: true })
  @Column({ type: 'varchar', length: 24 })
  key: string;

  @Column({ type: 'varchar', length: 16 })
  label: string;

  @Column({ type: 'int', default: 0 })
  sort: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
