import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs/needs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { UploadsModule } from '../uploads/uploads.module';
import { ConsultationController } from './consultation.controller';
import { ConsultationService } from './consultation.service';

/** 社区协商: topics, meetings, votes, resolutions. Exports the service so projects can start from a resolution. */
@Module({
  imports: [TreeModule, NeedsModule, NotificationsModule, UploadsModule],
  controllers: [ConsultationController],
  providers: [ConsultationService],
  exports: [ConsultationService],
})
export class ConsultationModule {}
