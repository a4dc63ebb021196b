import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CommunityQuery, IdParam } from '../common/dto';
import { SubscribedDto } from '../needs/dto/need-actions.dto';
import { ApiData } from '../openapi/responses';
import { CreateMeetingDto, CreateTopicDto, OfflineVotesDto, PublishResolutionDto, RecordMeetingDto, VoteDto } from './dto/consultation.dto';
import { MeetingsService } from './meetings.service';
import { TopicsService } from './topics.service';
import { VotingService } from './voting.service';
import { SharedPublicRead } from '../common/public-cache';

@ApiTags('consultation 社区协商')
@ApiBearerAuth()
@Controller('consultation')
export class ConsultationController {
  constructor(
    private readonly topics: TopicsService,
    private readonly meetings: MeetingsService,
    private readonly voting: VotingService,
  ) {}

  @ApiData('TopicView')
  @Roles('staff', 'admin')
  @Post('topics')
  createTopic(@CurrentUser() user: Principal, @Body() dto: CreateTopicDto) {
    return this.topics.create(user, dto);
  }

  /** A community's topics (public; no personal data). */
  @ApiData(['TopicListItem'])
  @Public()
  @SharedPublicRead()
  @Get('topics')
  listTopics(@Query() q: CommunityQuery) {
    return this.topics.list(q.communityId);
  }

  /** One topic with options, meetings, results (after the window closes) and the resolution; login optional. */
  @ApiData('TopicView')
  @Public()
  @Get('topics/:id')
  topic(@Param() { id }: IdParam, @Req() req: FastifyRequest) {
    return this.topics.get(req.principal, id);
  }

  @ApiData('TopicView')
  @HttpCode(200)
  @Post('topics/:id/vote')
  vote(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: VoteDto) {
    return this.voting.vote(user, id, dto.optionId, dto.subscribed);
  }

  @ApiData('TopicView')
  @Roles('staff', 'admin')
  @Put('topics/:id/offline-votes')
  offlineVotes(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: OfflineVotesDto) {
    return this.voting.enterOfflineVotes(user, id, dto);
  }

  @ApiData('MeetingView')
  @Roles('staff', 'admin')
  @Post('topics/:id/meetings')
  createMeeting(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CreateMeetingDto) {
    return this.meetings.create(user, id, dto);
  }

  @ApiData('TopicView')
  @Roles('staff', 'admin')
  @Post('topics/:id/resolution')
  resolution(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: PublishResolutionDto) {
    return this.voting.publishResolution(user, id, dto);
  }

  @ApiData('MeetingView')
  @HttpCode(200)
  @Post('meetings/:id/signup')
  signUp(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: SubscribedDto) {
    return this.meetings.signUp(user, id, dto.subscribed);
  }

  @ApiData('MeetingView')
  @Delete('meetings/:id/signup')
  cancelSignup(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.meetings.cancelSignup(user, id);
  }

  @ApiData(['MeetingSignupView'])
  @Roles('staff', 'admin')
  @Get('meetings/:id/signups')
  signups(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.meetings.signups(user, id);
  }

  @ApiData('MeetingView')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @Post('meetings/:id/record')
  record(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: RecordMeetingDto) {
    return this.meetings.record(user, id, dto);
  }
}
