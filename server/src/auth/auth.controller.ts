import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Label, Trim } from '../common/validation';
import { LoginRateLimit, Public } from './decorators';
import type { CodeInput, DevLoginInput } from '../contract/users';
import { ApiData } from '../openapi/responses';
import { AuthService } from './auth.service';

class WechatLoginDto implements CodeInput {
  @Label('登录凭证（wx.login 的 code）')
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  code: string;
}

class DevLoginDto implements DevLoginInput {
  @Label('体验账号')
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{3,32}$/)
  account: string;
}

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @LoginRateLimit()
  @ApiData('LoginResult')
  @Post('wechat-login')
  @HttpCode(200)
  wechatLogin(@Body() dto: WechatLoginDto) {
    return this.auth.wechatLogin(dto.code);
  }

  @Public()
  @LoginRateLimit()
  @ApiData('LoginResult')
  @Post('dev-login')
  @HttpCode(200)
  devLogin(@Body() dto: DevLoginDto) {
    return this.auth.devLogin(dto.account);
  }

  @Public()
  @ApiData(['DemoAccount'])
  @Get('demo-accounts')
  demoAccounts() {
    return this.auth.demoAccounts();
  }
}
