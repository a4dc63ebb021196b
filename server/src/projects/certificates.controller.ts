import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Label, Trim } from '../common/validation';
import { SW_CERT_LEVELS, SW_CERT_NUMBER, type SwCertLevel, type SwCertificateInput } from '../contract/projects';
import { ApiData } from '../openapi/responses';
import { CertificatesService } from './certificates.service';

class SwCertificateDto implements SwCertificateInput {
  @Label('证书等级', { enum: SW_CERT_LEVELS })
  @IsIn(SW_CERT_LEVELS)
  level: SwCertLevel;

  @Label('证书编号')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  @Matches(SW_CERT_NUMBER, { message: '证书编号只含数字、字母和连字符，请照证书填写' })
  number: string;

  @Label('有效期至（如 2028-06-30）')
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  expiresOn: string;
}

/** 社工证: the signed-in social worker's own certificate. */
@ApiTags('projects 服务项目')
@ApiBearerAuth()
@Controller('social-workers/me/certificate')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Roles('social_worker')
  @ApiData('MySwCertificate')
  @Get()
  mine(@CurrentUser() user: Principal) {
    return this.certificates.mine(user);
  }

  @Roles('social_worker')
  @ApiData('MySwCertificate')
  @Put()
  record(@CurrentUser() user: Principal, @Body() dto: SwCertificateDto) {
    return this.certificates.record(user, dto);
  }
}
