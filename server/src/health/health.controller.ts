import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { AppError, ErrorCode } from '../common/errors';
import { Lifecycle } from '../common/lifecycle';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { HealthView, LivenessView, ReadinessView } from '../contract/health';
import { ApiData } from '../openapi/responses';

/**
 * Liveness and readiness for the load balancer and the process manager: `/health/live` says the
 * process answers (restart it if not), `/health/ready` that it can serve (send it traffic if so).
 * `/health` stays what it was: up if the database answers.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly lifecycle: Lifecycle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    lifecycle.registerCheck('database', '数据库', () => this.db.query('SELECT 1'));
  }

  /** Up only if the database answers. */
  @Public()
  @ApiData('HealthView')
  @Get()
  async check(): Promise<HealthView> {
    const started = Date.now();
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, '数据库暂时无法访问');
    }
    return { status: 'ok', database: { kind: this.config.database.kind, latencyMs: Date.now() - started } };
  }

  /** The process is alive; asks nothing else. */
  @Public()
  @ApiData('LivenessView')
  @Get('live')
  live(): LivenessView {
    return { status: 'ok' };
  }

  /** Ready for traffic: the database, Redis (when configured) and the photo storage all answer, and not shutting down. */
  @Public()
  @ApiData('ReadinessView')
  @Get('ready')
  async ready(): Promise<ReadinessView> {
    const { ready, checks } = await this.lifecycle.readiness();
    if (!ready) {
      const failed = checks.filter((c) => !c.ok).map((c) => c.label);
      const err = new AppError(ErrorCode.SERVICE_UNAVAILABLE, this.lifecycle.isDraining ? '服务正在停止，不再接收新的请求' : `服务未就绪：${failed.join('、')}暂时无法访问`);
      err.retryAfterSeconds = 5;
      throw err;
    }
    return { status: 'ready', checks: checks.map((c) => ({ name: c.name as ReadinessView['checks'][number]['name'], latencyMs: c.latencyMs })) };
  }
}
