import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { PageQuery } from '../common/dto';
import { IntString, Label, Trim } from '../common/validation';
import { RESIDENCE_STATUSES, type ResidenceStatus, type ResidentReviewInput } from '../contract/users';
import { ApiData, ApiPage } from '../openapi/responses';
import { ResidentsService } from './residents.service';

class ResidentQueueQuery extends PageQuery {
  @Label('节点编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('状态', { enum: RESIDENCE_STATUSES, required: false })
  @IsOptional()
  @IsIn(RESIDENCE_STATUSES)
  status?: ResidenceStatus;
}

class ResidentIdsDto implements ResidentReviewInput {
  @Label('居民登记编号')
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  ids: number[];
}

class ResidentReturnDto extends ResidentIdsDto {
  @Label('退回原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}

/** 居民认证: the community's queue of declared residences. */
@ApiTags('residents 居民认证')
@ApiBearerAuth()
@Controller('residents')
export class ResidentsController {
  constructor(private readonly residents: ResidentsService) {}

  @Roles('staff', 'admin')
  @ApiPage('ResidentApplicationView')
  @Get()
  list(@CurrentUser() user: Principal, @Query() q: ResidentQueueQuery) {
    return this.residents.list(user, { nodeId: q.nodeId, status: q.status ?? 'applicant', limit: q.limit ?? 50, offset: q.offset ?? 0 });
  }

  @Roles('staff', 'admin')
  @ApiData('ResidentReviewResult')
  @HttpCode(200)
  @Post('confirm')
  confirmResidents(@CurrentUser() user: Principal, @Body() dto: ResidentIdsDto) {
    return this.residents.confirm(user, dto.ids);
  }

  @Roles('staff', 'admin')
  @ApiData('ResidentReviewResult')
  @HttpCode(200)
  @Post('return')
  returnResidents(@CurrentUser() user: Principal, @Body() dto: ResidentReturnDto) {
    return this.residents.returnMany(user, dto.ids, dto.reason);
  }
}
