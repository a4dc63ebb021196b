import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs/needs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TreeModule } from '../tree/tree.module';
import { ActivitiesService } from './activities.service';
import { AttendanceService } from './attendance.service';
import { RecordsService } from './records.service';
import { RemindersService } from './reminders.service';
import { SignupsService } from './signups.service';
import { TaskStaffingService } from './task-staffing.service';
import { TasksService } from './tasks.service';
import { ActivitiesController, CertificatesController, TasksController, VolunteersController } from './volunteers.controller';
import { VolunteersService } from './volunteers.service';

/**
 * Volunteers (志愿者参与): registration and review (VolunteersService), records and certificates
 * (RecordsService), activities (ActivitiesService), sign-ups and the waitlist (SignupsService),
 * attendance and hours (AttendanceService), tasks from needs, reminders.
 */
@Module({
  imports: [TreeModule, NotificationsModule, NeedsModule],
  controllers: [VolunteersController, ActivitiesController, TasksController, CertificatesController],
  providers: [VolunteersService, RecordsService, ActivitiesService, SignupsService, AttendanceService, TasksService, TaskStaffingService, RemindersService],
  exports: [TasksService, ActivitiesService, RemindersService],
})
export class VolunteersModule {}
