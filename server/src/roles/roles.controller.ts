import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/dto';
import { IntString, Label, Trim } from '../common/validation';
import { ROLES, type Role } from './role';
import type { GrantRoleInput } from '../contract/users';
import { ApiData, ApiPage } from '../openapi/responses';
import { RolesService } from './roles.service';

class ListRolesQuery {
  @Label('节点编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('角色', { enum: ROLES, required: false })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @Label('每页条数', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 50;

  @Label('跳过条数', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(0)
  offset = 0;
}

class GrantRoleDto implements GrantRoleInput {
  @Label('用户编号')
  @IsInt()
  @Min(1)
  userId: number;

  @Label('节点编号')
  @IsInt()
  @Min(1)
  nodeId: number;

  @Label('角色', { enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @Label('社会组织编号', { required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  orgId?: number;
}

class RevokeRoleQuery {
  @Label('撤销原因', { required: false })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

@ApiTags('roles 角色')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @ApiPage('MemberRoleView')
  @Get()
  list(@CurrentUser() user: Principal, @Query() q: ListRolesQuery) {
    return this.roles.list(user, q);
  }

  @ApiData('IdResult')
  @Post()
  async grant(@CurrentUser() user: Principal, @Body() dto: GrantRoleDto) {
    const grant = await this.roles.grant(user, dto);
    return { id: grant.id };
  }

  @ApiData('RoleRevoked')
  @Delete(':id')
  @HttpCode(200)
  async revoke(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Query() q: RevokeRoleQuery) {
    await this.roles.revoke(user, id, q.reason || null);
    return { revoked: true as const };
  }
}
