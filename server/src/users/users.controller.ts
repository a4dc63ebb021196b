import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Label, Trim } from '../common/validation';
import { MOBILE_PHONE } from '../contract/format';
import type { CodeInput, NicknameInput, ResidenceInput } from '../contract/users';
import { ApiData } from '../openapi/responses';
import { UsersService } from './users.service';

class BindPhoneDto implements CodeInput {
  @Label('手机号授权码')
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  code: string;
}

class ResidenceDto implements ResidenceInput {
  @Label('社区')
  @IsInt()
  @Min(1)
  communityId: number;

  @Label('楼栋')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  building: string;

  @Label('单元')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  unit: string;
}

class ProfileDto implements NicknameInput {
  @Label('昵称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  nickname: string;
}

class PhoneLookupQuery {
  @Label('手机号')
  @Trim()
  @IsString()
  @Matches(MOBILE_PHONE)
  phone: string;
}

@ApiTags('me 我的')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiData('MeView')
  @Get('me')
  me(@CurrentUser() user: Principal) {
    return this.users.me(user.userId);
  }

  @ApiData('MeView')
  @Patch('me')
  updateProfile(@CurrentUser() user: Principal, @Body() dto: ProfileDto) {
    return this.users.updateNickname(user, dto.nickname);
  }

  @ApiData('PhoneBound')
  @Post('me/phone')
  bindPhone(@CurrentUser() user: Principal, @Body() dto: BindPhoneDto) {
    return this.users.bindPhone(user, dto.code);
  }

  @ApiData('MeView')
  @Put('me/residence')
  setResidence(@CurrentUser() user: Principal, @Body() dto: ResidenceDto) {
    return this.users.setResidence(user, dto);
  }

  @Roles('staff', 'admin')
  @ApiData('PersonLookupResult')
  @Get('users/lookup')
  async lookup(@CurrentUser() user: Principal, @Query() q: PhoneLookupQuery) {
    return { user: await this.users.lookupByPhone(user, q.phone) };
  }
}
