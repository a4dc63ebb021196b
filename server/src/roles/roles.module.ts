import { Module } from '@nestjs/common';
import { TreeModule } from '../tree/tree.module';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';

@Module({ imports: [TreeModule], controllers: [RolesController], providers: [RolesService] })
export class RolesModule {}
