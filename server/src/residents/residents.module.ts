import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { ResidentsController } from './residents.controller';
import { ResidentsService } from './residents.service';

@Module({ imports: [TreeModule, NotificationsModule], controllers: [ResidentsController], providers: [ResidentsService] })
export class ResidentsModule {}
