import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IntString, Label, Trim } from '../../common/validation';
import {
  type CompleteInput,
  type CriterionSource,
  type EvalCriterionInput,
  type ReviseCriteriaInput,
  type CreateProjectInput,
  type CriterionScoreInput,
  type EvaluateInput,
  GUIDANCE_FORMS,
  type GuidanceForm,
  type GuidanceInput,
  PROJECT_DOMAINS,
  type ProgressInput,
  type ProjectDomain,
  type ProjectMilestoneInput,
  type SignOffInput,
  type WaiveMilestoneInput,
} from '../../contract/projects';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class MilestoneDto implements ProjectMilestoneInput {
  @Label('里程碑')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  title: string;

  @Label('计划完成日期（如 2026-05-01）')
  @Matches(DATE)
  plannedOn: string;
}

export class CreateProjectDto implements CreateProjectInput {
  @Label('社区编号')
  @IsInt()
  @Min(1)
  communityId: number;

  @Label('来源议定事项', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  resolutionId?: number;

  @Label('来源需求', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  needIds?: number[];

  @Label('项目名称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  title: string;

  @Label('服务领域', { enum: PROJECT_DOMAINS })
  @IsIn(PROJECT_DOMAINS)
  domain: ProjectDomain;

  @Label('项目简介')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  summary: string;

  @Label('实施的社会组织')
  @IsInt()
  @Min(1)
  orgId: number;

  /** Optional here so that a missing social worker gets the service's own explanation. */
  @Label('指导社工', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  socialWorkerId?: number;

  @Label('预算（分）')
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  budgetFen: number;

  @Label('开始日期（如 2026-05-01）')
  @Matches(DATE)
  startsOn: string;

  @Label('结束日期（如 2026-12-31）')
  @Matches(DATE)
  endsOn: string;

  @Label('里程碑', { type: [MilestoneDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones: MilestoneDto[];
}

export class ProgressDto implements ProgressInput {
  @Label('进展说明')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  text: string;

  @Label('对应里程碑', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  milestoneId?: number;

  @Label('该里程碑已完成', { required: false })
  @IsOptional()
  @IsBoolean()
  milestoneDone?: boolean;

  @Label('服务人次')
  @IsInt()
  @Min(0)
  @Max(100_000)
  peopleServed: number;

  @Label('照片', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  @Min(1, { each: true })
  photoIds?: number[];
}

export class GuidanceDto implements GuidanceInput {
  @Label('指导日期（如 2026-05-01）')
  @Matches(DATE)
  guidedOn: string;

  @Label('指导形式', { enum: GUIDANCE_FORMS })
  @IsIn(GUIDANCE_FORMS)
  form: GuidanceForm;

  @Label('指导内容')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  content: string;

  @Label('发现的问题', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  issues?: string;

  @Label('下一步', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  nextSteps?: string;
}

export class SignOffDto implements SignOffInput {
  @Label('结项意见')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  comment: string;
}

/** `/projects/:id/milestones/:milestoneId/…` */
export class MilestoneParams {
  @Label('项目编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  id: number;

  @Label('节点编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  milestoneId: number;
}

export class WaiveMilestoneDto implements WaiveMilestoneInput {
  @Label('不再进行的原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}

export class CompleteDto implements CompleteInput {
  @Label('结项报告')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  report: string;

  @Label('佐证照片', { type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  @Min(1, { each: true })
  evidencePhotoIds: number[];
}

export class CriterionScoreDto implements CriterionScoreInput {
  @Label('评估指标')
  @IsInt()
  @Min(1)
  criterionId: number;

  @Label('得分')
  @IsInt()
  @Min(0)
  @Max(100)
  score: number;
}

export class EvalCriterionDto implements EvalCriterionInput {
  @Label('指标编码', { required: false })
  @IsOptional()
  @IsString()
  @MaxLength(24)
  key?: string;

  @Label('指标名称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(24)
  label: string;

  @Label('权重')
  @IsInt()
  @Min(1)
  @Max(100)
  weight: number;

  @Label('计分方式', { enum: ['scored', 'residents'] })
  @IsIn(['scored', 'residents'])
  source: CriterionSource;
}

export class ReviseCriteriaDto implements ReviseCriteriaInput {
  @Label('评估指标', { type: [EvalCriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => EvalCriterionDto)
  criteria: EvalCriterionDto[];
}

export class EvaluateDto implements EvaluateInput {
  @Label('各项得分', { type: [CriterionScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores: CriterionScoreDto[];

  @Label('评估意见')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  comment: string;
}
