import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { OutboxDispatcher } from './outbox.dispatcher';

@Module({ controllers: [NotificationsController], providers: [NotificationsService, OutboxDispatcher], exports: [NotificationsService, OutboxDispatcher] })
export class NotificationsModule {}
