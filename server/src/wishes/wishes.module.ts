import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UploadsModule } from '../uploads/uploads.module';
import { TreeModule } from '../tree/tree.module';
import { CampaignsController, WishesController } from './wishes.controller';
import { WishesService } from './wishes.service';

@Module({ imports: [TreeModule, NotificationsModule, UploadsModule], controllers: [WishesController, CampaignsController], providers: [WishesService], exports: [WishesService] })
export class WishesModule {}
