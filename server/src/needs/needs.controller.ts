import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam, PageQuery } from '../common/dto';
import {
  AcceptDto,
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
import { NeedsService } from './needs.service';

@ApiTags('needs 居民需求')
@ApiBearerAuth()
@Controller('needs')
export class NeedsController {
  constructor(private readonly needs: NeedsService) {}

  @Public()
  @Get('categories')
  categories() {
    return this.needs.categories();
  }

  @Post()
  report(@CurrentUser() user: Principal, @Body() dto: ReportNeedDto) {
    return this.needs.report(user, dto);
  }

  @Get('similar')
  similar(@CurrentUser() user: Principal, @Query() q: SimilarQuery) {
    return this.needs.similar(user, q);
  }

  @Get('mine')
  mine(@CurrentUser() user: Principal) {
    return this.needs.mine(user);
  }

  @Roles('staff', 'admin')
  @Get('queue')
  queue(@CurrentUser() user: Principal, @Query() q: QueueQuery) {
    return this.needs.queue(user, q);
  }

  @Get(':id')
  one(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.needs.get(user, id);
  }

  @Get(':id/timeline')
  timeline(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.needs.timeline(user, id);
  }

  @HttpCode(200)
  @Post(':id/me-too')
  meToo(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: SubscribedDto) {
    return this.needs.meToo(user, id, dto.subscribed);
  }

  @HttpCode(200)
  @Post(':id/accept')
  accept(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: AcceptDto) {
    return this.needs.accept(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/reject')
  reject(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReasonDto) {
    return this.needs.reject(user, id, dto.reason);
  }

  @HttpCode(200)
  @Post(':id/merge')
  merge(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: MergeDto) {
    return this.needs.merge(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/priority')
  priority(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: PriorityDto) {
    return this.needs.setPriority(user, id, dto.priority);
  }

  @HttpCode(200)
  @Post(':id/route')
  route(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: RouteDto) {
    return this.needs.route(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/done')
  done(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: DoneDto) {
    return this.needs.done(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/rate')
  rate(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: RateDto) {
    return this.needs.rate(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/reopen')
  reopen(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReopenDto) {
    return this.needs.reopen(user, id, dto);
  }

  @HttpCode(200)
  @Post(':id/close')
  close(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CloseDto) {
    return this.needs.close(user, id, dto);
  }
}

/** No login: the public page of a public need, and a community's board. */
@ApiTags('public 公开')
@Controller('public')
export class PublicNeedsController {
  constructor(private readonly needs: NeedsService) {}

  @Public()
  @Get('needs/:id')
  one(@Param() { id }: IdParam) {
    return this.needs.publicTimeline(id);
  }

  @Public()
  @Get('communities/:id/needs')
  board(@Param() { id }: IdParam, @Query() q: PageQuery) {
    return this.needs.board(id, q.limit ?? 20, q.offset ?? 0);
  }
}
