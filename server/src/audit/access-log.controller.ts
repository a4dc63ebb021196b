import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { PageQuery } from '../common/dto';
import { forbidden } from '../common/errors';
import { IntString, Label } from '../common/validation';
import type { Paged } from '../contract/common';
import { PII_READ_LABEL, ROLE_LABEL, type AccessLogItem, type Role } from '../contract/users';
import { toIso, toNum } from '../database/raw';
import { ApiPage } from '../openapi/responses';
import { grantsOn } from '../roles/access';
import { TreeService } from '../tree/tree.service';
import { IsInt, Min } from 'class-validator';

class AccessLogQuery extends PageQuery {
  @Label('节点编号', { type: Number })
  @IntString()
  @IsInt()
  @Min(1)
  nodeId: number;
}

/**
 * 个人信息查阅记录: every read of personal data in a street's or district's subtree (who, what,
 * where, when — never the data read), for the admins of that street or district.
 */
@ApiTags('audit 查阅记录')
@ApiBearerAuth()
@Controller('audit')
export class AccessLogController {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
  ) {}

  @Roles('admin')
  @ApiPage('AccessLogItem')
  @Get('access')
  async access(@CurrentUser() principal: Principal, @Query() q: AccessLogQuery): Promise<Paged<AccessLogItem>> {
    const node = await this.tree.getNode(q.nodeId);
    if (!grantsOn(principal, node, ['admin']).some((g) => g.nodeLevel !== 'community')) throw forbidden('个人信息查阅记录由街道或区县的管理员查看');
    const actions = Object.keys(PII_READ_LABEL);
    const from = `FROM audit_log a JOIN service_node n ON n.id = a.node_id LEFT JOIN app_user u ON u.id = a.actor_id
      WHERE a.action IN (${actions.map(() => '?').join(', ')}) AND n.path LIKE ?`;
    const params = [...actions, `${node.path}%`];
    const [count] = await this.db.query(`SELECT COUNT(*) AS total ${from}`, params);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT a.id, a.created_at, a.action, a.actor_role, u.nickname, n.name AS node_name ${from} ORDER BY a.id DESC LIMIT ? OFFSET ?`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    );
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        at: toIso(r.created_at),
        actorName: (r.nickname as string | null) ?? '系统',
        actorRoleLabel: r.actor_role ? (ROLE_LABEL[r.actor_role as Role] ?? String(r.actor_role)) : null,
        actionLabel: PII_READ_LABEL[String(r.action)] ?? String(r.action),
        nodeName: String(r.node_name),
      })),
      total: toNum(count.total),
    };
  }
}
