import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/dto';
import { SubscribedDto } from '../needs/dto/need-actions.dto';
import { ConsultationService } from './consultation.service';
import { CreateMeetingDto, CreateTopicDto, OfflineVotesDto, PublishResolutionDto, RecordMeetingDto, TopicListQuery, VoteDto } from './dto/consultation.dto';

@ApiTags('consultation 社区协商')
@ApiBearerAuth()
@Controller('consultation')
export class ConsultationController {
  constructor(private readonly consultation: ConsultationService) {}

  @Roles('staff', 'admin')
  @Post('topics')
  createTopic(@CurrentUser() user: Principal, @Body() dto: CreateTopicDto) {
    return this.consultation.createTopic(user, dto);
  }

  /** A community's topics (public; no personal data). */
  @Public()
  @Get('topics')
  topics(@Query() q: TopicListQuery) {
    return this.consultation.listTopics(q.communityId);
  }

  /** One topic with options, meetings, results (after the window closes) and the resolution; login optional. */
  @Public()
  @Get('topics/:id')
  topic(@Param() { id }: IdParam, @Req() req: FastifyRequest) {
    return this.consultation.getTopic(req.principal, id);
  }

  @HttpCode(200)
  @Post('topics/:id/vote')
  vote(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: VoteDto) {
    return this.consultation.vote(user, id, dto.optionId, dto.subscribed);
  }

  @Roles('staff', 'admin')
  @Put('topics/:id/offline-votes')
  offlineVotes(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: OfflineVotesDto) {
    return this.consultation.enterOfflineVotes(user, id, dto);
  }

  @Roles('staff', 'admin')
  @Post('topics/:id/meetings')
  createMeeting(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CreateMeetingDto) {
    return this.consultation.createMeeting(user, id, dto);
  }

  @Roles('staff', 'admin')
  @Post('topics/:id/resolution')
  resolution(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: PublishResolutionDto) {
    return this.consultation.publishResolution(user, id, dto);
  }

  @HttpCode(200)
  @Post('meetings/:id/signup')
  signUp(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: SubscribedDto) {
    return this.consultation.signUp(user, id, dto.subscribed);
  }

  @Delete('meetings/:id/signup')
  cancelSignup(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.consultation.cancelSignup(user, id);
  }

  @Roles('staff', 'admin')
  @Get('meetings/:id/signups')
  signups(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.consultation.signups(user, id);
  }

  @Roles('staff', 'admin')
  @HttpCode(200)
  @Post('meetings/:id/record')
  record(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: RecordMeetingDto) {
    return this.consultation.recordMeeting(user, id, dto);
  }
}
