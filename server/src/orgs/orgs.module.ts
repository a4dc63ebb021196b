import { Module } from '@nestjs/common';
import { TreeModule } from '../tree/tree.module';
import { OrgsController } from './orgs.controller';
import { OrgsService } from './orgs.service';

@Module({ imports: [TreeModule], controllers: [OrgsController], providers: [OrgsService] })
export class OrgsModule {}
