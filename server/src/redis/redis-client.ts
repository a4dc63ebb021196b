import type Redis from 'ioredis';

/** The shared Redis connection (ioredis), or null when REDIS_URL is not set (one instance). */
export const REDIS = Symbol('REDIS');
export type RedisClient = Redis | null;
