import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { sendFile } from '../common/send-file';
import { Label } from '../common/validation';
import type { StatsQueryInput } from '../contract/stats';
import { ApiData, ApiFile } from '../openapi/responses';
import { StatsService } from './stats.service';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

class StatsNodeParam {
  @Label('社区、街道或区县编号', { type: Number })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  id: number;
}

class StatsQuery implements StatsQueryInput {
  @Label('开始日期', { required: false })
  @IsOptional()
  @Matches(DAY, { message: '开始日期请写成 2026-12-01 这样' })
  from?: string;

  @Label('结束日期', { required: false })
  @IsOptional()
  @Matches(DAY, { message: '结束日期请写成 2026-12-31 这样' })
  to?: string;
}

@ApiTags('stats 统计')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** A community's month for its public board (no login): counts and the 满意率, nobody named. */
  @Public()
  @ApiData('CommunityMonthView')
  @Get('public/communities/:id')
  communityMonth(@Param() { id }: StatsNodeParam) {
    return this.stats.communityMonth(id);
  }

  /** The needs 台账 (Excel) of the node's subtree over the period; people masked; every download audited. */
  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiFile(XLSX, '需求台账 Excel')
  @Get('nodes/:id/ledgers/needs.xlsx')
  async needsLedger(@CurrentUser() user: Principal, @Param() { id }: StatsNodeParam, @Query() q: StatsQuery, @Res() reply: FastifyReply) {
    const file = await this.stats.needsLedger(user, id, q);
    sendFile(reply, { mime: XLSX, body: file.body, filename: file.filename });
  }

  /** A node's subtree over a period, and one row per direct child: staff and admins on it or above. */
  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('NodeStatsView')
  @Get('nodes/:id')
  node(@CurrentUser() user: Principal, @Param() { id }: StatsNodeParam, @Query() q: StatsQuery) {
    return this.stats.node(user, id, q);
  }
}
