import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { HealthView } from '../contract/health';
import { ApiData } from '../openapi/responses';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
}
