import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam, PageQuery } from '../common/dto';
import {
  AcceptDto,
  AcceptManyDto,
  AssignDto,
  CloseDto,
  DoneDto,
  MergeDto,
  PriorityDto,
  QueueQuery,
  RateDto,
  ReasonDto,
  ReopenDto,
  RouteDto,
  SimilarQuery,
  SubscribedDto,
} from './dto/need-actions.dto';
import { ReportNeedDto } from './dto/report-need.dto';
import { ApiData, ApiPage } from '../openapi/responses';
import { NeedsService } from './needs.service';
import { ResidentNeedActions } from './resident-need-actions.service';
import { StaffNeedActions } from './staff-need-actions.service';
import { SharedPublicRead } from '../common/public-cache';

@ApiTags('needs 居民需求')
@ApiBearerAuth()
@Controller('needs')
export class NeedsController {
  constructor(
    private readonly needs: NeedsService,
    private readonly residents: ResidentNeedActions,
    private readonly staff: StaffNeedActions,
  ) {}

  @Public()
  @Get('categories')
  @ApiData(['NeedCategoryView'])
  categories() {
    return this.needs.categories();
  }

  @Post()
  @ApiData('NeedView')
  report(@CurrentUser() user: Principal, @Body() dto: ReportNeedDto) {
    return this.residents.report(user, dto);
  }

  @Get('similar')
  @ApiData(['SimilarNeed'])
  similar(@CurrentUser() user: Principal, @Query() q: SimilarQuery) {
    return this.needs.similar(user, q);
  }

  @Get('mine')
  @ApiData(['MyNeedItem'])
  mine(@CurrentUser() user: Principal) {
    return this.needs.mine(user);
  }

  @Roles('staff', 'admin')
  @Get('queue')
  @ApiPage('NeedListItem')
  queue(@CurrentUser() user: Principal, @Query() q: QueueQuery) {
    return this.needs.queue(user, q);
  }

  @Get(':id')
  @ApiData('NeedAnyView')
  one(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.needs.get(user, id);
  }

  @Get(':id/timeline')
  @ApiData('NeedTimeline')
  timeline(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.needs.timeline(user, id);
  }

  @HttpCode(200)
  @Post(':id/me-too')
  @ApiData('NeedAnyView')
  meToo(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: SubscribedDto) {
    return this.residents.meToo(user, id, dto.subscribed);
  }

  /** 批量受理: each need accepted on its own; the ones that could not be come back with the reason. */
  @HttpCode(200)
  @Post('accept-many')
  @ApiData('AcceptManyResult')
  acceptMany(@CurrentUser() user: Principal, @Body() dto: AcceptManyDto) {
    return this.staff.acceptMany(user, dto.ids);
  }

  /** The people a need can be handed to, by name (staff only). */
  @Get(':id/handler-options')
  @ApiData(['HandlerOption'])
  handlerOptions(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.staff.handlerOptions(user, id);
  }

  @HttpCode(200)
  @Post(':id/assign')
  @ApiData('NeedView')
  assign(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: AssignDto) {
    return this.staff.assign(user, id, dto.handlerId);
  }

  @HttpCode(200)
  @Post(':id/accept')
  @ApiData('NeedView')
  accept(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: AcceptDto) {
    return this.staff.accept(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/reject')
  @ApiData('NeedView')
  reject(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReasonDto) {
    return this.staff.reject(user, id, dto.reason);
  }

  @HttpCode(200)
  @Post(':id/merge')
  @ApiData('NeedView')
  merge(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: MergeDto) {
    return this.staff.merge(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/priority')
  @ApiData('NeedView')
  priority(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: PriorityDto) {
    return this.staff.setPriority(user, id, dto.priority);
  }

  @HttpCode(200)
  @Post(':id/route')
  @ApiData('NeedView')
  route(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: RouteDto) {
    return this.staff.route(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/done')
  @ApiData('NeedView')
  done(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: DoneDto) {
    return this.staff.done(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/rate')
  @ApiData('NeedView')
  rate(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: RateDto) {
    return this.residents.rate(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/reopen')
  @ApiData('NeedView')
  reopen(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReopenDto) {
    return this.residents.reopen(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/close')
  @ApiData('NeedView')
  close(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CloseDto) {
    return this.staff.close(user, id, dto);
  }
}

/** No login: the public page of a public need, and a community's board. */
@ApiTags('public 公开')
@Controller('public')
export class PublicNeedsController {
  constructor(private readonly needs: NeedsService) {}

  @Public()
  @Get('needs/:id')
  @ApiData('NeedTimeline')
  one(@Param() { id }: IdParam) {
    return this.needs.publicTimeline(id);
  }

  @Public()
  @SharedPublicRead()
  @Get('communities/:id/needs')
  @ApiPage('NeedListItem')
  board(@Param() { id }: IdParam, @Query() q: PageQuery) {
    return this.needs.board(id, q.limit ?? 20, q.offset ?? 0);
  }
}
