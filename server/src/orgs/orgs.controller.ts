import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { NodeQuery } from '../common/dto';
import { Label, Trim } from '../common/validation';
import { ORG_KINDS, type OrgKind } from './organization.entity';
import { CONTACT_PHONE } from '../contract/format';
import type { RegisterOrgInput } from '../contract/users';
import { ApiData } from '../openapi/responses';
import { OrgsService } from './orgs.service';

class RegisterOrgDto implements RegisterOrgInput {
  @Label('所在节点编号')
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('组织名称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  @Label('组织类型', { enum: ORG_KINDS })
  @IsIn(ORG_KINDS)
  kind: OrgKind;

  @Label('统一社会信用代码', { required: false })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/)
  creditCode?: string;

  @Label('组织简介', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;

  @Label('联系人')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  contactName: string;

  @Label('联系电话')
  @Trim()
  @IsString()
  @Matches(CONTACT_PHONE)
  contactPhone: string;
}

@ApiTags('organizations 社会组织')
@Controller('orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  /** Public; covering staff also get each organization's contact (masked phone). */
  @Public()
  @ApiData(['OrgView'])
  @Get()
  list(@Query() q: NodeQuery, @Req() req: FastifyRequest) {
    return this.orgs.list(q.nodeId, req.principal);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('OrgView')
  @Post()
  register(@CurrentUser() user: Principal, @Body() dto: RegisterOrgDto) {
    return this.orgs.register(user, dto);
  }
}
