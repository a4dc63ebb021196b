import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { LOGIN_RATE_LIMIT } from './auth/decorators';
import { Clock } from './common/clock';
import { PublicCacheInterceptor } from './common/public-cache';
import { WindowThrottlerStorage } from './common/throttler-memory';
import { EnvelopeInterceptor } from './common/envelope.interceptor';
import { IdempotencyStore } from './common/idempotency';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { AllErrorsFilter } from './common/error.filter';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './config/config.module';
import { ConsultationModule } from './consultation/consultation.module';
import { dataSourceOptions, openDataSource } from './data-source';
import { FundsModule } from './funds/funds.module';
import { DevClockController } from './health/dev-clock.controller';
import { HealthController } from './health/health.controller';
import { NeedsModule } from './needs/needs.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrgsModule } from './orgs/orgs.module';
import { PrivacyModule } from './privacy/privacy.module';
import { REDIS, type RedisClient, RedisModule } from './redis/redis.module';
import { SharedThrottlerStorage } from './redis/throttler-storage';
import { ProjectsModule } from './projects/projects.module';
import { ResidentsModule } from './residents/residents.module';
import { RolesModule } from './roles/roles.module';
import { StatsModule } from './stats/stats.module';
import { TreeModule } from './tree/tree.module';
import { UploadsModule } from './uploads/uploads.module';
import { UsersModule } from './users/users.module';
import { VolunteersModule } from './volunteers/volunteers.module';
import { WechatModule } from './wechat/wechat.module';
import { WishesModule } from './wishes/wishes.module';

const reflector = new Reflector();

/** The root module for one configuration (the server, the CLI and each test build their own). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        TypeOrmModule.forRootAsync({
          // A database that is not up yet gets two more tries; a failing migration fails fast enough.
          useFactory: () => ({ ...dataSourceOptions(config.database), retryAttempts: 2, retryDelay: 2000 }),
          dataSourceFactory: () => openDataSource(config.database, { clock, migrate: config.migrateOnStart }),
        }),
        RedisModule.forRoot(config),
        // Counters in Redis when several instances serve (REDIS_URL), else in this process.
        ThrottlerModule.forRootAsync({
          inject: [REDIS],
          useFactory: (redis: RedisClient) => ({
            errorMessage: '操作太频繁，请稍后再试',
            storage: redis ? new SharedThrottlerStorage(redis) : new WindowThrottlerStorage(),
            throttlers: [
              { name: 'default', ttl: 60_000, limit: config.throttle.defaultPerMinute },
              {
                name: 'login',
                ttl: 60_000,
                limit: config.throttle.loginPerMinute,
                skipIf: (ctx) => !reflector.get<boolean>(LOGIN_RATE_LIMIT, ctx.getHandler()),
              },
            ],
          }),
        }),
        WechatModule,
        AuditModule,
        AuthModule,
        TreeModule,
        UsersModule,
        ResidentsModule,
        RolesModule,
        OrgsModule,
        FundsModule,
        WishesModule,
        NotificationsModule,
        UploadsModule,
        NeedsModule,
        VolunteersModule,
        ConsultationModule,
        ProjectsModule,
        StatsModule,
        PrivacyModule,
      ],
      // The time-travel endpoint exists only where DEV_CLOCK turned it on (never in production).
      controllers: config.devClock ? [HealthController, DevClockController] : [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        { provide: APP_INTERCEPTOR, useClass: PublicCacheInterceptor },
        // Inside the envelope: it keeps and replays the handler's own answer.
        IdempotencyStore,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: AllErrorsFilter },
      ],
    };
  }
}
