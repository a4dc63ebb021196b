import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { PageInput } from '../contract/common';
import { IntString, Label } from './validation';

/** `/:id` route parameters. */
export class IdParam {
  @Label('编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  id: number;
}

/** `?limit=&offset=`: the one paging query of every list (limit 1–100). Lists with filters extend it. */
export class PageQuery implements PageInput {
  @Label('每页条数', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @Label('跳过条数', { type: Number, required: false })
  @IsOptional()
  @IntString()
  @IsInt()
  @Min(0)
  offset?: number;
}

/** `?nodeId=`: a place of the service tree (a list of its subtree). */
export class NodeQuery {
  @Label('节点编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;
}

/** `?communityId=`: one community (public lists of a community). */
export class CommunityQuery {
  @Label('社区编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  communityId: number;
}
