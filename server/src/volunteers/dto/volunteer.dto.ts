import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IntString, Label, Trim } from '../../common/validation';
import {
  type ActivityExtendInput,
  type ActivityQrQuery,
  type ActivityScanInput,
  ATTENDANCE,
  type Attendance,
  AVAILABILITY,
  type Availability,
  LATE_CANCEL_POLICIES,
  type LateCancelPolicy,
  type MarkAttendanceInput,
  QR_PURPOSES,
  type QrPurpose,
  type RegisterVolunteerInput,
  type SignupRejectInput,
  TASK_KINDS,
  TASK_STATUSES,
  type TaskKind,
  type TaskStatus,
  type VolunteerActivitiesQuery,
  type VolunteerActivityInput,
  type VolunteerApplicationsQuery,
  type VolunteerReturnInput,
  VOLUNTEER_STATUSES,
  type VolunteerStatus,
  type ActivityCancelInput,
  type ActivityEditInput,
  type GuardianConsentInput,
  type VolunteerTaskAssignInput,
  type VolunteerTaskConfirmInput,
  type VolunteerTaskDoneInput,
  type VolunteerTaskReleaseInput,
  type VolunteerTaskInput,
  type VolunteerTasksQuery,
} from '../../contract/volunteers';

// ------------------------------------------------------------------------ registration

export class RegisterVolunteerDto implements RegisterVolunteerInput {
  @Label('真实姓名')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MinLength(2)
  @MaxLength(20)
  @Matches(/^[\u4e00-\u9fa5·A-Za-z ]+$/)
  realName: string;

  @Label('手机号授权码（getPhoneNumber 返回的 code）')
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  phoneCode: string;

  @Label('身份证号', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[1-9]\d{16}[\dXx]$/)
  idNumber?: string;

  @Label('出生日期（如 2010-05-01，没有身份证号时填写）', { required: false })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  birthDate?: string;

  @Label('服务技能', { type: [Number] })
  @IsArray()
  @ArrayMaxSize(12)
  @IsInt({ each: true })
  skillIds: number[];

  @Label('可服务时段', { enum: AVAILABILITY, isArray: true })
  @IsArray()
  @ArrayMaxSize(AVAILABILITY.length)
  @IsIn(AVAILABILITY, { each: true })
  availability: Availability[];

  @Label('所在社区', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  communityId?: number;

  @Label('所属志愿服务队（社会组织）', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  orgId?: number;

  @Label('同意志愿服务记录规定')
  @IsBoolean()
  consent: boolean;
}

export class ReturnDto implements VolunteerReturnInput {
  @Label('退回原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ApplicationsQuery implements VolunteerApplicationsQuery {
  @Label('社区或街道')
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('状态', { required: false, enum: VOLUNTEER_STATUSES })
  @IsOptional()
  @IsIn(VOLUNTEER_STATUSES)
  status?: VolunteerStatus;
}

// ------------------------------------------------------------------------ activities

export class CreateActivityDto implements VolunteerActivityInput {
  @Label('所属社区')
  @IsInt()
  @Min(1)
  communityId: number;

  @Label('活动名称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  title: string;

  @Label('活动介绍')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;

  @Label('开始时间')
  @IsDateString()
  startsAt: string;

  @Label('结束时间')
  @IsDateString()
  endsAt: string;

  @Label('报名截止时间')
  @IsDateString()
  signupDeadline: string;

  @Label('活动地点')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  address: string;

  @Label('纬度', { required: false })
  @IsOptional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat?: number;

  @Label('经度', { required: false })
  @IsOptional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  lng?: number;

  @Label('签到距离限制（米）', { required: false })
  @IsOptional()
  @IsInt()
  @Min(20)
  @Max(50_000)
  maxDistanceMeters?: number;

  @Label('招募人数')
  @IsInt()
  @Min(1)
  @Max(10_000)
  capacity: number;

  @Label('所需技能', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @IsInt({ each: true })
  requiredSkillIds?: number[];

  @Label('报名需审核')
  @IsBoolean()
  needsApproval: boolean;

  @Label('开始前多少分钟内不可取消（或记为临时取消）')
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 60)
  cancelCutoffMinutes: number;

  @Label('临时取消的处理', { enum: LATE_CANCEL_POLICIES })
  @IsIn(LATE_CANCEL_POLICIES)
  lateCancel: LateCancelPolicy;

  @Label('关联需求', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  needId?: number;

  @Label('关联服务项目', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  projectId?: number;

  @Label('组织方（社会组织）', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  orgId?: number;
}

export class ActivitiesQuery implements VolunteerActivitiesQuery {
  @Label('社区或街道', { required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  nodeId?: number;

  @Label('服务项目', { required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  projectId?: number;

  @Label('条数', { required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @Label('跳过条数', { required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(0)
  offset?: number;
}

export class SignupParams {
  @Label('活动编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  id: number;

  @Label('报名编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  signupId: number;
}

export class QrQuery implements ActivityQrQuery {
  @Label('用途', { enum: QR_PURPOSES })
  @IsIn(QR_PURPOSES)
  purpose: QrPurpose;
}

export class ScanDto implements ActivityScanInput {
  @Label('二维码')
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;

  @Label('纬度', { required: false })
  @IsOptional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat?: number;

  @Label('经度', { required: false })
  @IsOptional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  lng?: number;
}

export class MarkAttendanceDto implements MarkAttendanceInput {
  @Label('报名编号')
  @IsInt()
  @Min(1)
  signupId: number;

  @Label('出勤情况', { enum: ATTENDANCE })
  @IsIn(ATTENDANCE)
  attendance: Attendance;

  @Label('原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;

  @Label('签到时间', { required: false })
  @IsOptional()
  @IsDateString()
  checkedInAt?: string;

  @Label('签退时间', { required: false })
  @IsOptional()
  @IsDateString()
  checkedOutAt?: string;
}

export class ExtendDto implements ActivityExtendInput {
  @Label('延长至')
  @IsDateString()
  until: string;

  @Label('原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}

export class OptionalReasonDto implements SignupRejectInput {
  @Label('原因', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

// ------------------------------------------------------------------------ tasks

export class CreateTaskDto implements VolunteerTaskInput {
  @Label('任务类型', { enum: TASK_KINDS })
  @IsIn(TASK_KINDS)
  kind: TaskKind;

  @Label('任务名称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  title: string;

  @Label('任务说明', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;

  @Label('开始时间')
  @IsDateString()
  startsAt: string;

  @Label('结束时间')
  @IsDateString()
  endsAt: string;

  @Label('服务地点')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  place: string;
}

export class TaskReleaseDto implements VolunteerTaskReleaseInput {
  @Label('原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}

export class GuardianConsentDto implements GuardianConsentInput {
  @Label('监护人关系（如 母亲）')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(8)
  relation: string;
}

export class TaskAssignDto implements VolunteerTaskAssignInput {
  @Label('志愿者')
  @IsInt()
  @Min(1)
  userId: number;
}

export class TaskConfirmDto implements VolunteerTaskConfirmInput {
  @Label('服务时长（分钟）', { type: Number, required: false })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(24 * 60)
  minutes?: number;
}

export class TaskDoneDto implements VolunteerTaskDoneInput {
  @Label('完成情况')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note: string;
}

export class TasksQuery implements VolunteerTasksQuery {
  @Label('社区或街道')
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('状态', { required: false, enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;
}

export class CodeParam {
  @Label('验证码')
  @IsString()
  @Matches(/^[A-Z2-9]{12}$/)
  code: string;
}

export class ActivityEditDto implements ActivityEditInput {
  @Label('开始时间', { required: false })
  @IsOptional()
  @IsDateString()
  startsAt?: string;

  @Label('结束时间', { required: false })
  @IsOptional()
  @IsDateString()
  endsAt?: string;

  @Label('报名截止时间', { required: false })
  @IsOptional()
  @IsDateString()
  signupDeadline?: string;

  @Label('活动地点', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  address?: string;

  @Label('招募人数', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number;
}

export class ActivityCancelDto implements ActivityCancelInput {
  @Label('取消原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}
