import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';
import { WechatPushController } from './wechat-push.controller';

@Module({ imports: [NotificationsModule], controllers: [UploadsController, WechatPushController], providers: [UploadsService], exports: [UploadsService] })
export class UploadsModule {}
