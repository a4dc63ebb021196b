import type { EntitySubscriberInterface, InsertEvent, UpdateEvent } from 'typeorm';
import type { Clock } from '../common/clock';

/**
 * Fills `createdAt` / `updatedAt` from the application clock, so every timestamp has
 * millisecond precision on both databases and tests can control time.
 */
export class TimestampsSubscriber implements EntitySubscriberInterface {
  constructor(private readonly clock: Clock) {}

  beforeInsert(event: InsertEvent<Record<string, unknown>>): void {
    const e = event.entity;
    if (!e) return;
    const now = this.clock.now();
    const columns = event.metadata.propertiesMap;
    if ('createdAt' in columns && e.createdAt == null) e.createdAt = now;
    if ('updatedAt' in columns && e.updatedAt == null) e.updatedAt = now;
  }

  beforeUpdate(event: UpdateEvent<Record<string, unknown>>): void {
    const e = event.entity;
    if (e && 'updatedAt' in event.metadata.propertiesMap) e.updatedAt = this.clock.now();
  }
}
