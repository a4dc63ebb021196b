import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/dto';
import { Label, Trim } from '../common/validation';
import type { CreateNodeInput } from '../contract/tree';
import { ApiData } from '../openapi/responses';
import { TreeService } from './tree.service';

class CreateNodeDto implements CreateNodeInput {
  @Label('上级节点编号')
  @IsInt()
  @Min(1)
  parentId: number;

  @Label('名称')
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;
}

@ApiTags('service tree 服务网络')
@Controller('nodes')
export class TreeController {
  constructor(private readonly tree: TreeService) {}

  @Public()
  @ApiData(['TreeNodeView'])
  @Get('tree')
  async fullTree() {
    return this.tree.tree();
  }

  @Public()
  @ApiData('NodeView')
  @Get(':id')
  async one(@Param() { id }: IdParam) {
    return this.tree.view(id);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @ApiData('NodeView')
  @Post()
  async create(@CurrentUser() user: Principal, @Body() dto: CreateNodeDto) {
    const node = await this.tree.createChild(user, dto.parentId, dto.name);
    return this.tree.view(node.id);
  }
}
