import { Logger } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';

type Hit = Awaited<ReturnType<ThrottlerStorageRedisService['increment']>>;

/**
 * The rate limiter's counters in Redis, shared by every instance: @nest-lab/throttler-storage-redis
 * (one Lua script per hit: INCR, PEXPIRE, the block key), the storage @nestjs/throttler's own
 * documentation points to. When Redis does not answer, the request is let through and the outage
 * logged (once a minute): a rate limiter that turned a Redis outage into a whole-site outage would
 * do more harm than the flood it guards against; /api/health/ready reports Redis down meanwhile.
 */
export class SharedThrottlerStorage extends ThrottlerStorageRedisService {
  private readonly logger = new Logger('Throttler');
  private warnedAt = 0;

  constructor(redis: Redis) {
    super(redis);
  }

  override async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<Hit> {
    try {
      return await super.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (err) {
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.logger.warn({ msg: 'rate limiter counters unavailable; requests let through', err: (err as Error).message });
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
