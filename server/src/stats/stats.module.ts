import { Module } from '@nestjs/common';
import { TreeModule } from '../tree/tree.module';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({ imports: [TreeModule], controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
