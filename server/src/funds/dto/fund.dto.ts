import { IsBoolean, IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IntString, Label, Trim } from '../../common/validation';
import {
  ALLOCATION_STATUSES,
  type AllocationInput,
  type AllocationStatus,
  DESTINATION_KINDS,
  type DestinationKind,
  type DonationInput,
  DONOR_KINDS,
  type DonorKind,
  type InKindInput,
} from '../../contract/funds';

/** One entry at most 100 万元 (fen). */
const MAX_AMOUNT_FEN = 100_000_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class NodeIdParam {
  @Label('社区或街道编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;
}

export class OpenFundDto {
  @Label('社区或街道编号')
  @IsInt()
  @Min(1)
  nodeId: number;
}


export class AllocationListQuery {
  @Label('状态', { enum: ALLOCATION_STATUSES, required: false })
  @IsOptional()
  @IsIn(ALLOCATION_STATUSES)
  status?: AllocationStatus;
}

export class RecordDonationDto implements DonationInput {
  @Label('金额（分）')
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @Label('是否匿名')
  @IsDefined()
  @IsBoolean()
  anonymous: boolean;

  @Label('捐赠人名称', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  donorName?: string;

  @Label('捐赠人类型', { enum: DONOR_KINDS })
  @IsIn(DONOR_KINDS)
  donorKind: DonorKind;

  @Label('捐赠渠道', { example: '银行转账' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  channel: string;

  @Label('到账日期', { example: '2026-05-01' })
  @IsString()
  @Matches(DATE)
  receivedOn: string;

  @Label('回执照片编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  receiptUploadId?: number;

  @Label('回执或票据编号', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  receiptRef?: string;
}

export class ProposeAllocationDto implements AllocationInput {
  @Label('金额（分）')
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;

  @Label('支出用途')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  purpose: string;

  @Label('关联需求编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  needId?: number;

  @Label('关联服务项目编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  projectId?: number;

  @Label('拨付社区编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  grantToNodeId?: number;

  @Label('发票或收据编号', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  invoiceRef?: string;

  @Label('发票照片编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  invoiceUploadId?: number;
}

export class ReasonDto {
  @Label('原因')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}

export class RecordInKindDto implements InKindInput {
  @Label('物资名称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  item: string;

  @Label('数量')
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;

  @Label('单位', { example: '箱' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(8)
  unit: string;

  @Label('是否匿名')
  @IsDefined()
  @IsBoolean()
  anonymous: boolean;

  @Label('捐赠人名称', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  donorName?: string;

  @Label('捐赠人类型', { enum: DONOR_KINDS })
  @IsIn(DONOR_KINDS)
  donorKind: DonorKind;

  @Label('接收日期', { example: '2026-05-01' })
  @IsString()
  @Matches(DATE)
  receivedOn: string;

  @Label('物资去向', { enum: DESTINATION_KINDS })
  @IsIn(DESTINATION_KINDS)
  destinationKind: DestinationKind;

  @Label('关联需求编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  needId?: number;

  @Label('关联微心愿编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  wishId?: number;

  @Label('去向说明', { required: false, example: '困难家庭一户' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  destinationNote?: string;
}
