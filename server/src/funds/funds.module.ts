import { Module } from '@nestjs/common';
import { UploadsModule } from '../uploads/uploads.module';
import { TreeModule } from '../tree/tree.module';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';

@Module({ imports: [TreeModule, UploadsModule], controllers: [FundsController], providers: [FundsService], exports: [FundsService] })
export class FundsModule {}
