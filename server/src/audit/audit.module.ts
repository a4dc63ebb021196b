import { Global, Module } from '@nestjs/common';
import { TreeModule } from '../tree/tree.module';
import { AccessLogController } from './access-log.controller';
import { AuditService } from './audit.service';

@Global()
@Module({ imports: [TreeModule], controllers: [AccessLogController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
