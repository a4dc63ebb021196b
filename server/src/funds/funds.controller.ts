import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam, PageQuery } from '../common/dto';
import {
  AllocationListQuery,
  NodeIdParam,
  OpenFundDto,
  ProposeAllocationDto,
  ReasonDto,
  RecordDonationDto,
  RecordInKindDto,
} from './dto/fund.dto';
import { FundsService } from './funds.service';

@ApiTags('funds 社区基金')
@Controller('funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  /** Public board of a community's or street's fund: balance, monthly in/out, donations, spending, goods. */
  @Public()
  @Get('nodes/:nodeId')
  publicView(@Param() { nodeId }: NodeIdParam) {
    return this.funds.publicView(nodeId);
  }

  @Public()
  @Get('nodes/:nodeId/ledger')
  publicLedger(@Param() { nodeId }: NodeIdParam, @Query() q: PageQuery) {
    return this.funds.publicLedger(nodeId, q.limit ?? 20, q.offset ?? 0);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post()
  open(@CurrentUser() user: Principal, @Body() dto: OpenFundDto) {
    return this.funds.open(user, dto.nodeId);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Get('nodes/:nodeId/entries')
  staffLedger(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Query() q: PageQuery) {
    return this.funds.staffLedger(user, nodeId, q.limit ?? 20, q.offset ?? 0);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post('nodes/:nodeId/donations')
  donate(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Body() dto: RecordDonationDto) {
    return this.funds.recordDonation(user, nodeId, dto);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post('nodes/:nodeId/in-kind')
  inKind(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Body() dto: RecordInKindDto) {
    return this.funds.recordInKind(user, nodeId, dto);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Get('nodes/:nodeId/allocations')
  allocations(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Query() q: AllocationListQuery) {
    return this.funds.listAllocations(user, nodeId, q.status);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post('nodes/:nodeId/allocations')
  propose(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Body() dto: ProposeAllocationDto) {
    return this.funds.propose(user, nodeId, dto);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Get('allocations/:id')
  allocation(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.funds.getAllocation(user, id);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post('allocations/:id/approve')
  approve(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.funds.approve(user, id);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post('allocations/:id/reject')
  reject(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReasonDto) {
    return this.funds.reject(user, id, dto.reason);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @Post('entries/:id/reverse')
  reverse(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReasonDto) {
    return this.funds.reverse(user, id, dto.reason);
  }
}
