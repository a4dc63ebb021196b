import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/dto';
import { CommunityQuery, CompleteDto, CreateProjectDto, EvaluateDto, GuidanceDto, NodeQuery, ProgressDto, SignOffDto } from './dto/project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects 服务项目')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Roles('staff', 'admin')
  @Post()
  create(@CurrentUser() user: Principal, @Body() dto: CreateProjectDto) {
    return this.projects.create(user, dto);
  }

  /** Workbench: the projects of a node's subtree. */
  @Roles('staff', 'admin')
  @Get()
  list(@CurrentUser() user: Principal, @Query() q: NodeQuery) {
    return this.projects.list(user, q.nodeId);
  }

  /** Projects I guide or my organization implements. */
  @Roles('social_worker', 'org_member')
  @Get('mine')
  mine(@CurrentUser() user: Principal) {
    return this.projects.mine(user);
  }

  @Public()
  @Get('public')
  publicList(@Query() q: CommunityQuery) {
    return this.projects.publicList(q.communityId);
  }

  @Public()
  @Get('criteria')
  criteria() {
    return this.projects.criteria();
  }

  /** Street/district supervision: every guidance record in the subtree. */
  @Roles('staff', 'admin')
  @Get('guidance')
  guidanceInSubtree(@CurrentUser() user: Principal, @Query() q: NodeQuery) {
    return this.projects.guidanceInSubtree(user, q.nodeId);
  }

  /** The public page (no login, no personal data). */
  @Public()
  @Get(':id/public')
  publicPage(@Param() { id }: IdParam) {
    return this.projects.publicPage(id);
  }

  /** Full view for covering staff, the social worker and the organization's members; the public view otherwise. */
  @Public()
  @Get(':id')
  one(@Param() { id }: IdParam, @Req() req: FastifyRequest) {
    return this.projects.get(req.principal, id);
  }

  @Roles('org_member')
  @Post(':id/progress')
  progress(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ProgressDto) {
    return this.projects.postProgress(user, id, dto);
  }

  @Get(':id/guidance')
  guidance(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.projects.guidance(user, id);
  }

  @Roles('social_worker')
  @Post(':id/guidance')
  addGuidance(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: GuidanceDto) {
    return this.projects.addGuidance(user, id, dto);
  }

  @Roles('social_worker')
  @HttpCode(200)
  @Post(':id/sign-off')
  signOff(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: SignOffDto) {
    return this.projects.signOff(user, id, dto.comment);
  }

  @Roles('org_member')
  @HttpCode(200)
  @Post(':id/complete')
  complete(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CompleteDto) {
    return this.projects.complete(user, id, dto);
  }

  @Roles('staff', 'admin')
  @HttpCode(200)
  @Post(':id/evaluation')
  evaluate(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: EvaluateDto) {
    return this.projects.evaluate(user, id, dto);
  }
}
