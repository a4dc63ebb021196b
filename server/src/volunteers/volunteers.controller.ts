import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/dto';
import { ApiData, ApiFile, ApiPage } from '../openapi/responses';
import { ActivitiesService } from './activities.service';
import { AttendanceService } from './attendance.service';
import {
  ActivitiesQuery,
  ApplicationsQuery,
  CodeParam,
  CreateActivityDto,
  CreateTaskDto,
  ExtendDto,
  MarkAttendanceDto,
  OptionalReasonDto,
  QrQuery,
  RegisterVolunteerDto,
  ReturnDto,
  ScanDto,
  SignupParams,
  ActivityCancelDto,
  ActivityEditDto,
  GuardianConsentDto,
  TaskAssignDto,
  TaskConfirmDto,
  TaskDoneDto,
  TaskReleaseDto,
  TasksQuery,
} from './dto/volunteer.dto';
import { SignupBodyDto } from './reminders.dto';
import { RecordsService } from './records.service';
import { SignupsService } from './signups.service';
import { TaskStaffingService } from './task-staffing.service';
import { TasksService } from './tasks.service';
import { VolunteersService } from './volunteers.service';
import { sendFile } from '../common/send-file';

@ApiTags('volunteers 志愿者')
@ApiBearerAuth()
@Controller('volunteers')
export class VolunteersController {
  constructor(
    private readonly volunteers: VolunteersService,
    private readonly records: RecordsService,
  ) {}

  @ApiData(['VolunteerSkillView'])
  @Public()
  @Get('skills')
  skills() {
    return this.volunteers.skills();
  }

  /** The registration form's choices: skills, availability, the consent text. */
  @ApiData('VolunteerOptions')
  @Public()
  @Get('options')
  options() {
    return this.volunteers.options();
  }

  @ApiData('MyVolunteerRegistrationView')
  @Post('registration')
  register(@CurrentUser() user: Principal, @Body() dto: RegisterVolunteerDto) {
    return this.volunteers.register(user, dto);
  }

  @ApiData('VolunteerMe')
  @Get('me')
  async me(@CurrentUser() user: Principal) {
    return { registration: await this.volunteers.me(user) };
  }

  @ApiData('VolunteerRecord')
  @Get('me/record')
  record(@CurrentUser() user: Principal) {
    return this.records.record(user);
  }

  @ApiData('VolunteerCertificateView')
  @Get('me/certificate')
  certificate(@CurrentUser() user: Principal) {
    return this.records.certificate(user);
  }

  /** The certificate as a PDF (Chinese). 503 with a clear message when the server lacks a CJK font. */
  @ApiFile('application/pdf')
  @Get('me/certificate.pdf')
  async certificatePdf(@CurrentUser() user: Principal, @Res() reply: FastifyReply) {
    const pdf = await this.records.certificatePdf(user);
    sendFile(reply, { mime: 'application/pdf', body: pdf.body, filename: pdf.filename, inline: true });
  }

  @ApiData(['VolunteerApplicationView'])
  @Roles('staff', 'admin')
  @Get('applications')
  applications(@CurrentUser() user: Principal, @Query() q: ApplicationsQuery) {
    return this.volunteers.applications(user, q);
  }

  /** A minor's guardian consented (recorded by staff before approving). */
  @ApiData('VolunteerRegistrationView')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @Post(':id/guardian-consent')
  guardianConsent(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: GuardianConsentDto) {
    return this.volunteers.guardianConsent(user, id, dto.relation);
  }

  @ApiData('VolunteerRegistrationView')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @Post(':id/approve')
  approve(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.volunteers.approve(user, id);
  }

  @ApiData('VolunteerRegistrationView')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @Post(':id/return')
  returnIt(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ReturnDto) {
    return this.volunteers.returnRegistration(user, id, dto.reason);
  }
}

@ApiTags('volunteers 志愿者')
@ApiBearerAuth()
@Controller('volunteer-activities')
export class ActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly signups: SignupsService,
    private readonly attendance: AttendanceService,
  ) {}

  @ApiData('VolunteerActivityView')
  @Roles('staff', 'admin', 'social_worker', 'org_member')
  @Post()
  create(@CurrentUser() user: Principal, @Body() dto: CreateActivityDto) {
    return this.activities.create(user, dto);
  }

  @ApiPage('VolunteerActivityView')
  @Get()
  list(@CurrentUser() user: Principal, @Query() q: ActivitiesQuery) {
    return this.activities.list(user, q);
  }

  @ApiData('VolunteerActivityView')
  @Get(':id')
  one(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.activities.get(user, id);
  }

  @ApiData('ActivitySignupResult')
  @Post(':id/signups')
  signup(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: SignupBodyDto) {
    // Reminders (the day before, the hour before) may also come as subscribe messages.
    return this.signups.signup(user, id, dto?.subscribed);
  }

  @ApiData('ActivityCancelResult')
  @HttpCode(200)
  @Post(':id/cancel-signup')
  cancel(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.signups.cancel(user, id);
  }

  @ApiData(['ActivityRosterRow'])
  @Get(':id/signups')
  roster(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.activities.roster(user, id);
  }

  @ApiData('ActivitySignupView')
  @HttpCode(200)
  @Post(':id/signups/:signupId/approve')
  approveSignup(@CurrentUser() user: Principal, @Param() p: SignupParams) {
    return this.signups.approveSignup(user, p.id, p.signupId);
  }

  @ApiData('ActivitySignupView')
  @HttpCode(200)
  @Post(':id/signups/:signupId/reject')
  rejectSignup(@CurrentUser() user: Principal, @Param() p: SignupParams, @Body() dto: OptionalReasonDto) {
    return this.signups.rejectSignup(user, p.id, p.signupId, dto.reason);
  }

  @ApiData('ActivityQrView')
  @Get(':id/qr')
  qr(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Query() q: QrQuery) {
    return this.attendance.qr(user, id, q.purpose);
  }

  @ApiData('ActivityScanResult')
  @HttpCode(200)
  @Post(':id/check-in')
  checkIn(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ScanDto) {
    return this.attendance.scan(user, id, 'in', dto);
  }

  @ApiData('ActivityScanResult')
  @HttpCode(200)
  @Post(':id/check-out')
  checkOut(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ScanDto) {
    return this.attendance.scan(user, id, 'out', dto);
  }

  @ApiData(['ActivityRosterRow'])
  @HttpCode(200)
  @Post(':id/attendance')
  mark(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: MarkAttendanceDto) {
    return this.attendance.mark(user, id, dto);
  }

  /** The organizer changes time, place or places before it starts; more places promote from the waitlist; everyone holding a place is told. */
  @ApiData('VolunteerActivityView')
  @Patch(':id')
  async edit(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ActivityEditDto) {
    await this.signups.edit(user, id, dto);
    return this.activities.get(user, id);
  }

  /** The organizer calls it off with a reason; everyone signed up or waiting is told. */
  @ApiData('VolunteerActivityView')
  @HttpCode(200)
  @Post(':id/cancel')
  async cancelActivity(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ActivityCancelDto) {
    await this.signups.cancelActivity(user, id, dto.reason);
    return this.activities.get(user, id);
  }

  @ApiData('VolunteerActivityView')
  @HttpCode(200)
  @Post(':id/extend')
  extend(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ExtendDto) {
    return this.attendance.extend(user, id, dto);
  }

  @ApiData('AttendanceConfirmation')
  @HttpCode(200)
  @Post(':id/confirm-attendance')
  confirm(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.attendance.confirm(user, id);
  }
}

@ApiTags('volunteers 志愿者')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly staffing: TaskStaffingService,
  ) {}

  @ApiData('VolunteerTaskView')
  @Roles('staff', 'admin')
  @Post('needs/:id/volunteer-tasks')
  create(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CreateTaskDto) {
    return this.tasks.create(user, id, dto);
  }

  @ApiData(['VolunteerTaskView'])
  @Get('volunteer-tasks')
  list(@CurrentUser() user: Principal, @Query() q: TasksQuery) {
    return this.tasks.list(user, q);
  }

  @ApiData(['VolunteerTaskView'])
  @Get('volunteer-tasks/mine')
  mine(@CurrentUser() user: Principal) {
    return this.tasks.mine(user);
  }

  @ApiData('VolunteerTaskView')
  @Get('volunteer-tasks/:id')
  one(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.tasks.get(user, id);
  }

  @ApiData('VolunteerTaskView')
  @HttpCode(200)
  @Post('volunteer-tasks/:id/claim')
  claim(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.tasks.claim(user, id);
  }

  @ApiData('VolunteerTaskContact')
  @Get('volunteer-tasks/:id/contact')
  contact(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.tasks.contact(user, id);
  }

  /** 释放 / 收回: a claimed task back to open, with a reason (the claimer, or staff covering the community). */
  @ApiData('VolunteerTaskView')
  @HttpCode(200)
  @Post('volunteer-tasks/:id/release')
  release(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: TaskReleaseDto) {
    return this.tasks.release(user, id, dto.reason);
  }

  /** 改派: staff hand an open or claimed task to a named volunteer of the community. */
  @ApiData('VolunteerTaskView')
  @HttpCode(200)
  @Post('volunteer-tasks/:id/assign')
  assignTask(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: TaskAssignDto) {
    return this.staffing.assign(user, id, dto.userId);
  }

  /** Staff confirm a done task: its hours and points are credited to the volunteer (hours.ts). */
  @ApiData('VolunteerTaskView')
  @HttpCode(200)
  @Post('volunteer-tasks/:id/confirm')
  confirmTask(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: TaskConfirmDto) {
    return this.staffing.confirm(user, id, dto.minutes);
  }

  @ApiData('VolunteerTaskView')
  @HttpCode(200)
  @Post('volunteer-tasks/:id/done')
  done(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: TaskDoneDto) {
    return this.tasks.done(user, id, dto.note);
  }
}

/** No login: anyone holding a certificate's code can check that it is genuine. */
@ApiTags('public 公开')
@Controller('volunteer-certificates')
export class CertificatesController {
  constructor(private readonly records: RecordsService) {}

  @ApiData('VolunteerCertificateCheck')
  @Public()
  @Get(':code')
  verify(@Param() { code }: CodeParam) {
    return this.records.verifyCertificate(code);
  }
}
