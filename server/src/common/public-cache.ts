import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { writeGeneration } from '../database/transaction';
import { Clock } from './clock';

const CACHED = 'publicReadCache';

/**
 * Marks a public read whose answer is the same for everyone (the handler never looks at the
 * caller): the answer may be shared for PUBLIC_CACHE_SECONDS, and not past any write.
 */
export const SharedPublicRead = () => SetMetadata(CACHED, true);

interface Entry {
  generation: number;
  /** Real time and the app's clock when it was computed: either moving on by the TTL ends it. */
  bornAt: number;
  clockAt: number;
  value: Promise<unknown>;
}

/** More distinct URLs than this (someone walking offsets) and the cache starts afresh. */
const MAX_ENTRIES = 2000;

/**
 * The public pages a flash crowd reads (needs board, fund page, wish wall, topics, project page)
 * answered from memory for a few seconds (#15). Correctness first: an answer is kept only while no
 * write transaction has committed on this database since it was computed (`writeGeneration`,
 * bumped by inTransaction — the one write path), so nothing withdrawn or made private is shown
 * again after the write that did it. Concurrent misses for one URL share one computation.
 */
@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.publicCacheSeconds * 1000;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.ttlMs || !this.reflector.get<boolean>(CACHED, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (req.method !== 'GET') return next.handle();
    const key = req.url;
    const now = Date.now();
    const clockNow = this.clock.now().getTime();
    const generation = writeGeneration(this.db);
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation && now - hit.bornAt < this.ttlMs && Math.abs(clockNow - hit.clockAt) < this.ttlMs) return from(hit.value);

    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = lastValueFrom(next.handle());
    const entry: Entry = { generation, bornAt: now, clockAt: clockNow, value };
    this.entries.set(key, entry);
    // A failure is not shared: the next caller tries again.
    value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return from(value);
  }
}
