import { Module } from '@nestjs/common';
import { TreeModule } from '../tree/tree.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ imports: [TreeModule], controllers: [UsersController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
