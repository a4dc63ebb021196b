import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Lifecycle } from '../common/lifecycle';
import type { AppConfig } from '../config/app-config';
import { REDIS, type RedisClient } from './redis-client';
import { SharedWrites } from './shared-writes';

export { REDIS, type RedisClient };

/**
 * Opens the Redis connection when REDIS_URL is set. Every key carries REDIS_KEY_PREFIX (ioredis
 * `keyPrefix`), so several deployments or test runs can share one Redis. While the connection is
 * down a command fails at once instead of waiting in a queue (no offline queue): a Redis that is
 * down must not hold every request for seconds (the rate limiter then lets them through, see
 * throttler-storage.ts; readiness reports it). ioredis reconnects by itself.
 */
export function createRedis(config: AppConfig['redis']): RedisClient {
  if (!config) return null;
  const logger = new Logger('Redis');
  const client = new Redis(config.url, {
    keyPrefix: config.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    // Reconnect forever, backing off to 2 s: Redis coming back heals the cluster by itself.
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return; // once per outage, not once per reconnect attempt
    down = true;
    logger.warn({ msg: 'redis unavailable', err: err.message });
  });
  client.on('ready', () => {
    if (down) logger.log({ msg: 'redis back' });
    down = false;
  });
  return client;
}

/** Registers Redis with readiness and closes the connection at shutdown. */
@Injectable()
class RedisLife implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    lifecycle: Lifecycle,
  ) {
    if (redis) lifecycle.registerCheck('redis', 'Redis', () => redis.ping());
  }

  /** After the HTTP server has drained (Nest calls shutdown hooks last). */
  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    // QUIT lets the commands sent finish; a connection that is down is just dropped (and stops reconnecting).
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis!.disconnect());
    else this.redis.disconnect();
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS, useFactory: () => createRedis(config.redis) }, RedisLife, SharedWrites],
      exports: [REDIS],
    };
  }
}
