import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs/needs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { UploadsModule } from '../uploads/uploads.module';
import { ConsultationController } from './consultation.controller';
import { ConsultationViews } from './consultation-views';
import { MeetingsService } from './meetings.service';
import { TopicsService } from './topics.service';
import { VotingService } from './voting.service';

/**
 * 社区协商: topics, meetings, votes and resolutions. Projects read what they need of it (a topic's
 * needs, a resolution's figures) through the named queries and mappers, not through a service.
 */
@Module({
  imports: [TreeModule, NeedsModule, NotificationsModule, UploadsModule],
  controllers: [ConsultationController],
  providers: [ConsultationViews, TopicsService, MeetingsService, VotingService],
})
export class ConsultationModule {}
