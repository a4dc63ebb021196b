import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { UploadsModule } from '../uploads/uploads.module';
import { NeedWorkflow } from './need-workflow.service';
import { NeedsController, PublicNeedsController } from './needs.controller';
import { NeedsService } from './needs.service';
import { ResidentNeedActions } from './resident-need-actions.service';
import { StaffNeedActions } from './staff-need-actions.service';

/** Exports NeedWorkflow so consultations, resources, projects and volunteer tasks move needs through the same table. */
@Module({
  imports: [TreeModule, UploadsModule, NotificationsModule],
  controllers: [NeedsController, PublicNeedsController],
  providers: [NeedsService, ResidentNeedActions, StaffNeedActions, NeedWorkflow],
  exports: [NeedsService, NeedWorkflow],
})
export class NeedsModule {}
