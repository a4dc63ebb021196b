import { IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IntString, Label, Trim } from '../../common/validation';
import {
  type CampaignInput,
  type ClaimInput,
  type CompleteInput,
  type DeliverInput,
  type DeliveryPhotoInput,
  type PublishWishInput,
  WISH_CATEGORIES,
  WISH_STATUSES,
  type WishCategory,
  type WishesQuery,
  type WishStatus,
} from '../../contract/wishes';

export class PublishWishDto implements PublishWishInput {
  @Label('社区编号')
  @IsDefined()
  @IsInt()
  @Min(1)
  communityId: number;

  @Label('心愿名称', { example: '一个新书包' })
  @Trim()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  title: string;

  @Label('心愿故事')
  @Trim()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  story: string;

  @Label('参考价值（分）')
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  valueFen: number;

  @Label('受助对象类别', { enum: WISH_CATEGORIES })
  @IsIn(WISH_CATEGORIES)
  category: WishCategory;

  @Label('受助人姓名')
  @Trim()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  beneficiaryName: string;

  @Label('受助人住址', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(120)
  beneficiaryAddress?: string;

  @Label('送达方式', { example: '请送至文昌社区党群服务中心，联系社区工作人员李老师（工作日 9:00–17:00）' })
  @Trim()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  contactText: string;

  @Label('关联需求编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  needId?: number;

  @Label('心愿活动编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  campaignId?: number;
}

export class ListWishesQuery implements WishesQuery {
  @Label('社区或街道编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('状态', { enum: WISH_STATUSES, required: false })
  @IsOptional()
  @IsIn(WISH_STATUSES)
  status?: WishStatus;

  @Label('心愿活动编号', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  campaignId?: number;

  @Label('每页条数', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @Label('起始位置', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ClaimWishDto implements ClaimInput {
  @Label('是否匿名')
  @IsDefined()
  @IsBoolean()
  anonymous: boolean;

  @Label('以党员身份认领', { required: false })
  @IsOptional()
  @IsBoolean()
  asPartyMember?: boolean;
}

export class WishReasonDto {
  @Label('原因')
  @Trim()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}

export class DeliverWishDto implements DeliverInput {
  @Label('送达照片编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  photoUploadId?: number;

  @Label('送达说明', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class CompleteWishDto implements CompleteInput {
  @Label('感谢语')
  @Trim()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  thanksText: string;

  @Label('公开送达照片', { required: false })
  @IsOptional()
  @IsBoolean()
  photoPublic?: boolean;
}

export class DeliveryPhotoDto implements DeliveryPhotoInput {
  @Label('送达照片')
  @IsDefined()
  @IsInt()
  @Min(1)
  photoUploadId: number;
}

export class PhotoPublicDto {
  @Label('公开送达照片')
  @IsDefined()
  @IsBoolean()
  publish: boolean;
}

export class CreateCampaignDto implements CampaignInput {
  @Label('社区或街道编号')
  @IsDefined()
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('活动名称', { example: '六一圆梦' })
  @Trim()
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  title: string;

  @Label('活动说明', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;

  @Label('主办单位', { required: false, example: '古南街道党工委' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  organizer?: string;

  @Label('截止时间', { example: '2026-06-01T00:00:00+08:00' })
  @IsDefined()
  @IsISO8601({ strict: true })
  deadlineAt: string;
}

export class CampaignListQuery {
  @Label('社区或街道编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;
}
