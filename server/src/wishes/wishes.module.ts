import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { UploadsModule } from '../uploads/uploads.module';
import { CampaignsService } from './campaigns.service';
import { ClaimsService } from './claims.service';
import { WishViews } from './wish-views';
import { WishWorkflow } from './wish-workflow';
import { CampaignsController, WishesController } from './wishes.controller';
import { WishesService } from './wishes.service';

@Module({
  imports: [TreeModule, NotificationsModule, UploadsModule],
  controllers: [WishesController, CampaignsController],
  providers: [WishWorkflow, WishViews, WishesService, ClaimsService, CampaignsService],
  exports: [ClaimsService],
})
export class WishesModule {}
