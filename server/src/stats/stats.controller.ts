import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { sendFile } from '../common/send-file';
import { IntString, Label } from '../common/validation';
import { LEDGER_KINDS, type LedgerKind, type StatsQueryInput } from '../contract/stats';
import { ApiData, ApiFile } from '../openapi/responses';
import { StatsService } from './stats.service';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

class StatsNodeParam {
  @Label('社区、街道或区县编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  id: number;
}

const LEDGER_FILES = LEDGER_KINDS.map((k) => `${k}.xlsx`);

class LedgerParam extends StatsNodeParam {
  @Label('台账', { enum: LEDGER_FILES })
  @IsIn(LEDGER_FILES, { message: `台账只有 ${LEDGER_FILES.join('、')}` })
  file: string;
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

  /** A 台账 (Excel: needs, fund, volunteer-hours, wishes, projects) of the node's subtree over the period; people masked; every download audited. */
  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiFile(XLSX, '台账 Excel')
  @Get('nodes/:id/ledgers/:file')
  async ledger(@CurrentUser() user: Principal, @Param() { id, file: name }: LedgerParam, @Query() q: StatsQuery, @Res() reply: FastifyReply) {
    const file = await this.stats.ledger(user, id, name.replace(/\.xlsx$/, '') as LedgerKind, q);
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
