import { Module } from '@nestjs/common';
import { MyDataService } from './my-data.service';
import { PrivacyController } from './privacy.controller';

@Module({ controllers: [PrivacyController], providers: [MyDataService] })
export class PrivacyModule {}
