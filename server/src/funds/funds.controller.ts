import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam, PageQuery } from '../common/dto';
import { ApiData, ApiPage } from '../openapi/responses';
import {
  AllocationListQuery,
  NodeIdParam,
  OpenFundDto,
  ProposeAllocationDto,
  ReasonDto,
  RecordDonationDto,
  RecordInKindDto,
} from './dto/fund.dto';
import { AllocationsService } from './allocations.service';
import { CorrectionsService } from './corrections.service';
import { DonationsService } from './donations.service';
import { FundsService } from './funds.service';
import { SharedPublicRead } from '../common/public-cache';

@ApiTags('funds 社区基金')
@Controller('funds')
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly donations: DonationsService,
    private readonly allocs: AllocationsService,
    private readonly corrections: CorrectionsService,
  ) {}

  /** Public board of a community's or street's fund: balance, monthly in/out, donations, spending, goods. */
  @ApiData('PublicFundView')
  @Public()
  @SharedPublicRead()
  @Get('nodes/:nodeId')
  publicView(@Param() { nodeId }: NodeIdParam) {
    return this.funds.publicView(nodeId);
  }

  @ApiPage('PublicEntryView')
  @Public()
  @Get('nodes/:nodeId/ledger')
  publicLedger(@Param() { nodeId }: NodeIdParam, @Query() q: PageQuery) {
    return this.funds.publicLedger(nodeId, q.limit ?? 20, q.offset ?? 0);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('PublicFundView')
  @Post()
  open(@CurrentUser() user: Principal, @Body() dto: OpenFundDto) {
    return this.funds.open(user, dto.nodeId);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('StaffLedger')
  @Get('nodes/:nodeId/entries')
  staffLedger(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Query() q: PageQuery) {
    return this.funds.staffLedger(user, nodeId, q.limit ?? 20, q.offset ?? 0);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('StaffEntryView')
  @Post('nodes/:nodeId/donations')
  donate(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Body() dto: RecordDonationDto) {
    return this.donations.recordDonation(user, nodeId, dto);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('InKindView')
  @Post('nodes/:nodeId/in-kind')
  inKind(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Body() dto: RecordInKindDto) {
    return this.donations.recordInKind(user, nodeId, dto);
  }

  /** The fund's open needs and active projects, by name, for linking a spending. */
  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('FundLinkOptions')
  @Get('nodes/:nodeId/link-options')
  linkOptions(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam) {
    return this.funds.linkOptions(user, nodeId);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData(['AllocationView'])
  @Get('nodes/:nodeId/allocations')
  allocations(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Query() q: AllocationListQuery) {
    return this.funds.listAllocations(user, nodeId, q.status);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('AllocationView')
  @Post('nodes/:nodeId/allocations')
  propose(@CurrentUser() user: Principal, @Param() { nodeId }: NodeIdParam, @Body() dto: ProposeAllocationDto) {
    return this.allocs.propose(user, nodeId, dto);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('AllocationView')
  @Get('allocations/:id')
  allocation(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.funds.getAllocation(user, id);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('AllocationView')
  @Post('allocations/:id/approve')
  approve(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.allocs.approve(user, id);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('AllocationView')
  @Post('allocations/:id/reject')
  reject(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReasonDto) {
    return this.allocs.reject(user, id, dto.reason);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('StaffEntryView')
  @Post('entries/:id/reverse')
  reverse(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReasonDto) {
    return this.corrections.reverse(user, id, dto.reason);
  }
}
