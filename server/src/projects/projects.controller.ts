import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CommunityQuery, IdParam, NodeQuery } from '../common/dto';
import { ApiData } from '../openapi/responses';
import { CompleteDto, CreateProjectDto, EvaluateDto, ReviseCriteriaDto, GuidanceDto, MilestoneParams, ProgressDto, SignOffDto, WaiveMilestoneDto } from './dto/project.dto';
import { EvaluationService } from './evaluation.service';
import { GuidanceService } from './guidance.service';
import { ProjectCreationService } from './project-creation.service';
import { ProjectWorkService } from './project-work.service';
import { ProjectsService } from './projects.service';
import { SharedPublicRead } from '../common/public-cache';

@ApiTags('projects 服务项目')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly creation: ProjectCreationService,
    private readonly work: ProjectWorkService,
    private readonly guidance: GuidanceService,
    private readonly evaluation: EvaluationService,
  ) {}

  @ApiData('ProjectView')
  @Roles('staff', 'admin')
  @Post()
  create(@CurrentUser() user: Principal, @Body() dto: CreateProjectDto) {
    return this.creation.create(user, dto);
  }

  /** Workbench: the projects of a node's subtree. */
  @ApiData(['ProjectListItem'])
  @Roles('staff', 'admin')
  @Get()
  list(@CurrentUser() user: Principal, @Query() q: NodeQuery) {
    return this.projects.list(user, q.nodeId);
  }

  /** Projects I guide or my organization implements. */
  @ApiData(['ProjectListItem'])
  @Roles('social_worker', 'org_member')
  @Get('mine')
  mine(@CurrentUser() user: Principal) {
    return this.projects.mine(user);
  }

  @ApiData(['ProjectListItem'])
  @Public()
  @Get('public')
  publicList(@Query() q: CommunityQuery) {
    return this.projects.publicList(q.communityId);
  }

  @ApiData(['EvalCriterionView'])
  @Public()
  @Get('criteria')
  criteria() {
    return this.evaluation.criteria();
  }

  /** 评估标准: a district's staff or admin revise the criteria and weights as a new version. */
  @ApiData(['EvalCriterionView'])
  @Roles('staff', 'admin')
  @Put('criteria')
  reviseCriteria(@CurrentUser() user: Principal, @Body() dto: ReviseCriteriaDto) {
    return this.evaluation.reviseCriteria(user, dto);
  }

  /** Street/district supervision: every guidance record in the subtree. */
  @ApiData(['GuidanceView'])
  @Roles('staff', 'admin')
  @Get('guidance')
  guidanceInSubtree(@CurrentUser() user: Principal, @Query() q: NodeQuery) {
    return this.guidance.inSubtree(user, q.nodeId);
  }

  /** The public page (no login, no personal data). */
  @ApiData('PublicProjectView')
  @Public()
  @SharedPublicRead()
  @Get(':id/public')
  publicPage(@Param() { id }: IdParam) {
    return this.projects.publicPage(id);
  }

  /** Full view for covering staff, the social worker and the organization's members; the public view otherwise. */
  @ApiData('ProjectPageView')
  @Public()
  @Get(':id')
  one(@Param() { id }: IdParam, @Req() req: FastifyRequest) {
    return this.projects.get(req.principal, id);
  }

  @ApiData('ProjectView')
  @Roles('org_member')
  @Post(':id/progress')
  progress(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ProgressDto) {
    return this.work.postProgress(user, id, dto);
  }

  @ApiData(['GuidanceView'])
  @Get(':id/guidance')
  guidanceOfProject(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.guidance.ofProject(user, id);
  }

  /** The volunteer tasks for the project's needs (the people on the project, covering staff). */
  @ApiData(['ProjectTaskItem'])
  @Get(':id/tasks')
  tasksOfProject(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.guidance.tasksOfProject(user, id);
  }

  @ApiData('GuidanceView')
  @Roles('social_worker')
  @Post(':id/guidance')
  addGuidance(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: GuidanceDto) {
    return this.guidance.add(user, id, dto);
  }

  @ApiData('ProjectView')
  @Roles('social_worker')
  @HttpCode(200)
  @Post(':id/milestones/:milestoneId/waive')
  waiveMilestone(@CurrentUser() user: Principal, @Param() { id, milestoneId }: MilestoneParams, @Body() dto: WaiveMilestoneDto) {
    return this.guidance.waiveMilestone(user, id, milestoneId, dto);
  }

  @ApiData('ProjectView')
  @Roles('social_worker')
  @HttpCode(200)
  @Post(':id/sign-off')
  signOff(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: SignOffDto) {
    return this.guidance.signOff(user, id, dto.comment);
  }

  @ApiData('ProjectView')
  @Roles('org_member')
  @HttpCode(200)
  @Post(':id/complete')
  complete(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CompleteDto) {
    return this.work.complete(user, id, dto);
  }

  @ApiData('ProjectView')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @Post(':id/evaluation')
  evaluate(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: EvaluateDto) {
    return this.evaluation.evaluate(user, id, dto);
  }
}
