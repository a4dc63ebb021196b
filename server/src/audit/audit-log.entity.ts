import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * Who changed what, when, from which state to which, and why. Written in the same transaction
 * as the change it records (AuditService.record takes the transaction's manager). `detail`
 * is JSON without personal data; later issues build the public timeline from these rows.
 */
@Entity('audit_log')
@Index('idx_audit_entity', ['entityType', 'entityId', 'action', 'createdAt'])
@Index('idx_audit_node_time', ['nodeId', 'createdAt'])
export class AuditLog {
  @IdColumn()
  id: number;

  @RefColumn({ nullable: true })
  actorId: number | null;

  /** The role in which the actor acted (what the public timeline will show instead of a name). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 48 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @RefColumn()
  entityId: number;

  @RefColumn({ nullable: true })
  nodeId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  fromState: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  toState: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @TimeColumn()
  createdAt: Date;
}
