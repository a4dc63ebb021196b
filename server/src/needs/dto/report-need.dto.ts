import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
  ValidateNested,
} from 'class-validator';
import { CONTACT_PHONE } from '../../contract/format';
import { Label, Trim } from '../../common/validation';
import { TEMPLATE_KEYS } from '../../notifications/notifications.service';
import {
  NEED_LOCATION_KINDS,
  type NeedLocationInput,
  type NeedLocationKind,
  type NeedOnBehalfInput,
  type NeedPin,
  type ReportNeedInput,
  URGENCIES,
  type Urgency,
} from '../../contract/needs';

export class PinDto implements NeedPin {
  @Label('纬度')
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat: number;

  @Label('经度')
  @IsNumber()
  @Min(-180)
  @Max(180)
  lng: number;

  @Label('地址说明')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  address: string;
}

export class LocationDto implements NeedLocationInput {
  @Label('位置方式', { enum: NEED_LOCATION_KINDS })
  @IsIn(NEED_LOCATION_KINDS)
  kind: NeedLocationKind;

  @Label('地图位置', { required: false, type: PinDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PinDto)
  pin?: PinDto;
}

/** A need entered by staff for an offline resident (代报). Kept private; the phone is encrypted. */
export class OnBehalfDto implements NeedOnBehalfInput {
  @Label('居民姓名')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  name: string;

  @Label('联系电话', { required: false })
  @IsOptional()
  @Trim()
  @Matches(CONTACT_PHONE)
  phone?: string;

  @Label('楼栋', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(16)
  building?: string;

  @Label('单元', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(16)
  unit?: string;
}

export class ReportNeedDto implements ReportNeedInput {
  @Label('社区', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  communityId?: number;

  @Label('需求类别')
  @IsInt()
  @Min(1)
  categoryId: number;

  @Label('标题')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  title: string;

  @Label('需求描述')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description: string;

  @Label('照片', { required: false, type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  photoIds?: number[];

  @Label('位置', { type: LocationDto })
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @Label('紧急程度', { enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency: Urgency;

  @Label('是否公开')
  @IsBoolean()
  isPublic: boolean;

  @Label('代报居民信息', { required: false, type: OnBehalfDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OnBehalfDto)
  onBehalfOf?: OnBehalfDto;

  @Label('已订阅的消息', { required: false, type: [String] })
  @IsOptional()
  @IsArray()
  @IsIn(TEMPLATE_KEYS, { each: true })
  subscribed?: string[];
}
