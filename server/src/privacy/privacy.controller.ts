import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Equals, IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Label } from '../common/validation';
import type { DeleteAccountInput } from '../contract/users';
import { ApiData, ApiFile } from '../openapi/responses';
import { MyDataService } from './my-data.service';

class DeleteAccountDto implements DeleteAccountInput {
  @Label('确认文字（请输入“注销”）')
  @IsString()
  @Equals('注销', { message: '请输入“注销”两个字确认' })
  confirm: string;
}

/** 我的数据: download everything about me; delete my account. */
@ApiTags('me 我的')
@ApiBearerAuth()
@Controller('me')
export class PrivacyController {
  constructor(private readonly myData: MyDataService) {}

  @ApiFile('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '我的数据（Excel）')
  @Get('data.xlsx')
  async export(@CurrentUser() user: Principal, @Res() reply: FastifyReply) {
    const body = await this.myData.exportXlsx(user);
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="my-data.xlsx"; filename*=UTF-8''${encodeURIComponent('我的数据.xlsx')}`)
      .header('cache-control', 'no-store')
      .send(body);
  }

  @ApiData('AccountDeleted')
  @HttpCode(200)
  @Post('delete')
  async delete(@CurrentUser() user: Principal, @Body() _dto: DeleteAccountDto) {
    await this.myData.deleteAccount(user);
    return { deleted: true as const };
  }
}
