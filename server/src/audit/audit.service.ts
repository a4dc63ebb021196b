import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows } from '../database/raw';
import { AuditLog } from './audit-log.entity';

export interface AuditEntry {
  actorId: number | null;
  actorRole?: string | null;
  action: string;
  entityType: string;
  entityId: number;
  nodeId?: number | null;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  /** Context without personal data (ids, names of roles, counts). */
  detail?: Record<string, unknown>;
}

/**
 * Writes audit rows. It takes the caller's transaction manager on purpose: the row commits or
 * rolls back with the change it describes, never separately.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry): Promise<AuditLog> {
    return manager.save(AuditLog, this.row(manager, entry));
  }

  /** Many entries at `at` in one INSERT (a batch of sign-ups, written while the activity row is held). */
  async recordMany(manager: EntityManager, entries: AuditEntry[], at: Date): Promise<void> {
    await insertRows(manager, AuditLog, entries.map((e) => ({ ...this.row(manager, e), createdAt: at })));
  }

  private row(manager: EntityManager, entry: AuditEntry): AuditLog {
    return manager.create(AuditLog, {
      actorId: entry.actorId,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      nodeId: entry.nodeId ?? null,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      reason: entry.reason ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    });
  }
}
