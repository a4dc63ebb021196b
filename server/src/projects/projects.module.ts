import { Module } from '@nestjs/common';
import { ConsultationModule } from '../consultation/consultation.module';
import { NeedsModule } from '../needs/needs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { UploadsModule } from '../uploads/uploads.module';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

/** 社会组织实施 + 社会工作者指导 + 评估: service projects, guidance records and sign-off, the scorecard. */
@Module({
  imports: [TreeModule, NeedsModule, NotificationsModule, UploadsModule, ConsultationModule],
  controllers: [ProjectsController],
  providers: [ProjectsService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
