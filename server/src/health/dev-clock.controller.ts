import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Public } from '../auth/decorators';
import { Clock } from '../common/clock';
import { JsonLogger } from '../common/logger';
import { Label } from '../common/validation';
import type { ClockView } from '../contract/health';
import { ApiData } from '../openapi/responses';

class AdvanceClockDto {
  @Label('前进分钟数')
  @IsInt()
  @Min(1)
  @Max(60 * 24 * 60)
  minutes: number;
}

/**
 * Moves the server's clock forward, for browser tests of flows that span hours or days (an
 * activity that has to end before attendance is confirmed, a voting window that has to close).
 * Mounted only when DEV_CLOCK=true, which production refuses at start-up (app-config.ts).
 * Time only moves forward: nothing here can make a record look older than it is.
 */
@ApiTags('dev 开发')
@Controller('dev/clock')
export class DevClockController {
  constructor(private readonly clock: Clock) {}

  @Public()
  @ApiData('ClockView')
  @Get()
  now(): ClockView {
    return { now: this.clock.now().toISOString() };
  }

  @Public()
  @HttpCode(200)
  @ApiData('ClockView')
  @Post()
  advance(@Body() dto: AdvanceClockDto): ClockView {
    this.clock.advance(dto.minutes * 60_000);
    const now = this.clock.now().toISOString();
    JsonLogger.write('warn', 'dev clock advanced', { minutes: dto.minutes, now });
    return { now };
  }
}
