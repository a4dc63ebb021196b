import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsDateString,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Label, Trim } from '../../common/validation';
import { SubscribedDto } from '../../needs/dto/need-actions.dto';
import {
  type CreateMeetingInput,
  type CreateTopicInput,
  MEETING_KINDS,
  type MeetingKind,
  type OfflineCountInput,
  type OfflineVotesInput,
  type PublishResolutionInput,
  RESOLUTION_OUTCOMES,
  type RecordMeetingInput,
  type ResolutionOutcome,
  type VoteInput,
} from '../../contract/consultation';

export class CreateTopicDto implements CreateTopicInput {
  @Label('社区编号')
  @IsInt()
  @Min(1)
  communityId: number;

  @Label('议题')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  title: string;

  @Label('议题说明')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description: string;

  @Label('表决选项', { type: [String] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  options: string[];

  @Label('投票开始时间', { required: false })
  @IsOptional()
  @IsDateString({ strict: true })
  voteStartsAt?: string;

  @Label('投票截止时间')
  @IsDateString({ strict: true })
  voteEndsAt: string;

  @Label('关联的需求', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  needIds?: number[];
}

export class CreateMeetingDto implements CreateMeetingInput {
  @Label('会议形式', { enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind: MeetingKind;

  @Label('会议时间')
  @IsDateString({ strict: true })
  startsAt: string;

  @Label('会议地点')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  place: string;

  @Label('名额')
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity: number;

  @Label('议程')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  agenda: string;
}

export class RecordMeetingDto implements RecordMeetingInput {
  @Label('会议纪要')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  minutes: string;

  @Label('到会的报名居民', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  attendedUserIds?: number[];

  @Label('现场参会人数（未报名）', { required: false })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  walkIns?: number;

  @Label('会议照片', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  @Min(1, { each: true })
  photoIds?: number[];
}

export class VoteDto extends SubscribedDto implements VoteInput {
  @Label('选项')
  @IsInt()
  @Min(1)
  optionId: number;
}

export class OfflineCountDto implements OfflineCountInput {
  @Label('选项')
  @IsInt()
  @Min(1)
  optionId: number;

  @Label('现场票数')
  @IsInt()
  @Min(0)
  @Max(100000)
  count: number;
}

export class OfflineVotesDto implements OfflineVotesInput {
  @Label('现场表决票数', { type: [OfflineCountDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => OfflineCountDto)
  counts: OfflineCountDto[];

  @Label('所在议事会', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  meetingId?: number;
}

export class PublishResolutionDto implements PublishResolutionInput {
  @Label('议定事项')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;

  @Label('处理方式', { enum: RESOLUTION_OUTCOMES })
  @IsIn(RESOLUTION_OUTCOMES)
  outcome: ResolutionOutcome;

  @Label('通过的选项', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  adoptedOptionId?: number;

  @Label('暂不实施的原因', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
