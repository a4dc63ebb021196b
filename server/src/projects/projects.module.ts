import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs/needs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { UploadsModule } from '../uploads/uploads.module';
import { EvaluationService } from './evaluation.service';
import { GuidanceService } from './guidance.service';
import { ProjectCreationService } from './project-creation.service';
import { ProjectViews } from './project-views';
import { ProjectWorkService } from './project-work.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

/**
 * 社会组织实施 + 社会工作者指导 + 评估: service projects (reading, creation, the organization's work),
 * guidance records and sign-off, the scorecard. A project started from a resolution reads the
 * topic's needs through consultation's named queries.
 */
@Module({
  imports: [TreeModule, NeedsModule, NotificationsModule, UploadsModule],
  controllers: [ProjectsController, CertificatesController],
  providers: [CertificatesService, ProjectViews, ProjectsService, ProjectCreationService, ProjectWorkService, GuidanceService, EvaluationService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
