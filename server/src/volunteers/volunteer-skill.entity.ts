import { Column, Entity, Index } from 'typeorm';
import { IdColumn } from '../database/columns';

/** A volunteer skill (助老, 陪诊 …): data seeded by the migration, extendable by staff later. */
@Entity('volunteer_skill')
export class VolunteerSkill {
  @IdColumn()
  id: number;

  @Index('uq_volunteer_skill_key', { unique: true })
  @Column({ type: 'varchar', length: 24 })
  key: string;

  @Column({ type: 'varchar', length: 16 })
  label: string;

  @Column({ type: 'int', default: 0 })
  sort: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
