import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IntString, Label, Trim } from '../../common/validation';
import { TEMPLATE_KEYS } from '../../notifications/notifications.service';
import {
  type AcceptManyInput,
  type AcceptNeedInput,
  type AssignNeedInput,
  type CloseNeedInput,
  type DoneNeedInput,
  type MergeNeedInput,
  NEED_CLOSE_KINDS,
  NEED_ROUTE_TARGETS,
  NEED_STATUSES,
  type NeedCloseKind,
  type NeedPriorityInput,
  type NeedQueueQuery,
  type NeedRouteTarget,
  type NeedStatus,
  type RateNeedInput,
  type RejectNeedInput,
  type ReopenNeedInput,
  type RouteNeedInput,
  type SimilarNeedsQuery,
  type SubscribedInput,
  URGENCIES,
  type Urgency,
} from '../../contract/needs';

export class SubscribedDto implements SubscribedInput {
  @Label('已订阅的消息', { required: false, type: [String] })
  @IsOptional()
  @IsArray()
  @IsIn(TEMPLATE_KEYS, { each: true })
  subscribed?: string[];
}

export class AcceptDto implements AcceptNeedInput {
  @Label('说明', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;

  @Label('优先级', { required: false })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3)
  priority?: number;
}

export class ReasonDto implements RejectNeedInput {
  @Label('原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class MergeDto implements MergeNeedInput {
  @Label('合并到的需求')
  @IsInt()
  @Min(1)
  intoId: number;

  @Label('说明', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class PriorityDto implements NeedPriorityInput {
  @Label('优先级')
  @IsInt()
  @Min(0)
  @Max(3)
  priority: number;
}

export class RouteDto implements RouteNeedInput {
  @Label('去向', { enum: NEED_ROUTE_TARGETS })
  @IsIn(NEED_ROUTE_TARGETS)
  to: NeedRouteTarget;

  @Label('承办人', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  handlerId?: number;

  @Label('说明', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class DoneDto implements DoneNeedInput {
  @Label('办理结果')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note: string;

  @Label('结果照片', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  evidencePhotoIds?: number[];
}

export class RateDto extends SubscribedDto implements RateNeedInput {
  @Label('评分')
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @Label('评价', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  comment?: string;

  @Label('回访日期', { required: false })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '回访日期请写成 2026-12-01 这样' })
  visitedOn?: string;
}

export class ReopenDto extends SubscribedDto implements ReopenNeedInput {
  @Label('未解决的原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class CloseDto implements CloseNeedInput {
  @Label('关闭方式', { enum: NEED_CLOSE_KINDS })
  @IsIn(NEED_CLOSE_KINDS)
  kind: NeedCloseKind;

  @Label('原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;

  @Label('转交单位', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  referredTo?: string;
}

export class QueueQuery implements NeedQueueQuery {
  @Label('节点编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('状态', { required: false, enum: NEED_STATUSES })
  @IsOptional()
  @IsIn(NEED_STATUSES)
  status?: NeedStatus;

  @Label('需求类别', { required: false, type: Number })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  categoryId?: number;

  @Label('紧急程度', { required: false, enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @Label('超过天数', { required: false, type: Number })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(0)
  @Max(3650)
  olderThanDays?: number;

  @Label('只看超时', { required: false, enum: ['yes'] })
  @IsOptional()
  @IsIn(['yes'])
  overdue?: 'yes';

  @Label('我的待办', { required: false, enum: ['yes'] })
  @IsOptional()
  @IsIn(['yes'])
  mine?: 'yes';

  @Label('搜索', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(40)
  q?: string;

  @Label('每页条数', { required: false, type: Number })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @Label('跳过条数', { required: false, type: Number })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(0)
  offset?: number;
}

export class SimilarQuery implements SimilarNeedsQuery {
  @Label('社区', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  communityId: number;

  @Label('需求类别', { required: false, type: Number })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  categoryId?: number;

  @Label('关键词', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(40)
  q?: string;
}


export class AssignDto implements AssignNeedInput {
  @Label('承办人', { type: Number })
  @IsInt()
  @Min(1)
  handlerId: number;
}

export class AcceptManyDto implements AcceptManyInput {
  @Label('需求编号', { type: [Number] })
  @IsArray()
  @ArrayMinSize(1, { message: '请至少选择一件需求' })
  @ArrayMaxSize(50, { message: '一次最多受理 50 件' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  ids: number[];
}
