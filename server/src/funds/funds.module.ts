import { NotificationsModule } from '../notifications/notifications.module';
import { Module } from '@nestjs/common';
import { TreeModule } from '../tree/tree.module';
import { UploadsModule } from '../uploads/uploads.module';
import { AllocationsService } from './allocations.service';
import { CorrectionsService } from './corrections.service';
import { DonationsService } from './donations.service';
import { FundLedger } from './fund-ledger';
import { FundViews } from './fund-views';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';

@Module({
  imports: [TreeModule, UploadsModule, NotificationsModule],
  controllers: [FundsController],
  providers: [FundLedger, FundViews, FundsService, DonationsService, AllocationsService, CorrectionsService],
  exports: [FundsService],
})
export class FundsModule {}
