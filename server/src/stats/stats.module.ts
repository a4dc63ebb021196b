import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FundsModule } from '../funds/funds.module';
import { TreeModule } from '../tree/tree.module';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({ imports: [TreeModule, FundsModule, AuditModule], controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
