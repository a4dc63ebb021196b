import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { noteWriteElsewhere, onWriteCommitted } from '../database/transaction';
import { REDIS, type RedisClient } from './redis-client';

/**
 * With several instances (REDIS_URL): each commit is announced on a Redis channel, and a commit
 * announced by another instance moves this one's write generation, so the public reads it shares
 * (common/public-cache.ts) are dropped at once on every instance, not PUBLIC_CACHE_SECONDS later.
 * Commits in one turn of the event loop make one message. Redis away: announcements are lost and
 * a shared read lives at most PUBLIC_CACHE_SECONDS, as on one instance without a write.
 */
@Injectable()
export class SharedWrites implements OnModuleInit, OnApplicationShutdown {
  private readonly me = randomUUID();
  private subscriber: Redis | null = null;
  private stop: (() => void) | null = null;
  private pending = false;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Channels are not keys: ioredis' keyPrefix does not apply, so the prefix is added here.
    this.channel = `${config.redis?.keyPrefix ?? ''}writes`;
  }

  onModuleInit(): void {
    const redis = this.redis;
    if (!redis) return;
    // A subscribing connection can do nothing else; it may queue its SUBSCRIBE until connected.
    this.subscriber = redis.duplicate({ enableOfflineQueue: true, keyPrefix: undefined });
    this.subscriber.on('error', () => undefined); // the main connection reports outages
    this.subscriber.on('message', (_channel: string, from: string) => {
      if (from !== this.me) noteWriteElsewhere(this.db);
    });
    void this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.stop = onWriteCommitted(this.db, () => {
      if (this.pending) return;
      this.pending = true;
      setImmediate(() => {
        this.pending = false;
        if (redis.status === 'ready') void redis.publish(this.channel, this.me).catch(() => undefined);
      });
    });
  }

  onApplicationShutdown(): void {
    this.stop?.();
    this.subscriber?.disconnect();
  }
}
