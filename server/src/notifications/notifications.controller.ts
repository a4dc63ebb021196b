import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentUser } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/dto';
import { IntString, Label } from '../common/validation';
import type { PageInput } from '../contract/common';
import { ApiData } from '../openapi/responses';
import { NotificationsService, STAFF_TEMPLATE_KEYS } from './notifications.service';

class StaffSubscriptionDto {
  @Label('已同意的订阅消息', { enum: STAFF_TEMPLATE_KEYS, isArray: true })
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(STAFF_TEMPLATE_KEYS, { each: true })
  keys: string[];
}

class InboxQuery implements PageInput {
  @Label('每页条数', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @Label('跳过条数', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(0)
  offset?: number;
}

@ApiTags('inbox 消息')
@ApiBearerAuth()
@Controller('inbox')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiData('InboxPage')
  @Get()
  list(@CurrentUser() user: Principal, @Query() q: InboxQuery) {
    return this.notifications.inbox(user.userId, q.limit ?? 20, q.offset ?? 0);
  }

  @ApiData('UnreadCount')
  @Get('unread-count')
  async unread(@CurrentUser() user: Principal) {
    return { unread: await this.notifications.unreadCount(user.userId) };
  }

  @ApiData('SubscriptionCredits')
  @Get('subscriptions')
  subscriptions(@CurrentUser() user: Principal) {
    return this.notifications.credits(user.userId);
  }

  /** Staff accepted subscribe messages for their own work (a spending waiting for approval). */
  @ApiData('SubscriptionCredits')
  @HttpCode(200)
  @Post('subscriptions')
  grant(@CurrentUser() user: Principal, @Body() dto: StaffSubscriptionDto) {
    return this.notifications.grantStaff(user.userId, dto.keys);
  }

  @HttpCode(200)
  @ApiData('UnreadCount')
  @Post('read-all')
  readAll(@CurrentUser() user: Principal) {
    return this.notifications.markAllRead(user.userId);
  }

  @HttpCode(200)
  @ApiData('UnreadCount')
  @Post(':id/read')
  read(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.notifications.markRead(user.userId, id);
  }
}
