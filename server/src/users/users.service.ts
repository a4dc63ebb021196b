import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { PiiCipher } from '../common/crypto';
import { AppError, ErrorCode, notFound } from '../common/errors';
import { maskPhone } from '../common/redact';
import { toNumOrNull } from '../database/raw';
import { scopeRoots } from '../roles/access';
import { MANAGER_ROLES, ROLE_LABEL, WORKBENCH_ROLES, type Role } from '../roles/role';
import { RoleAssignment, scopeKeyOf } from '../roles/role-assignment.entity';
import { ServiceNode, NODE_LEVEL_LABEL } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { WechatApiError, WechatClient } from '../wechat/wechat.client';
import { Residence } from './residence.entity';
import { User } from './user.entity';
import { inTransaction } from '../database/transaction';

import { RESIDENCE_STATUS_LABEL, type MeView, type PersonLookup, type PhoneBound, type ResidenceInput, type RoleView } from '../contract/users';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly pii: PiiCipher,
    private readonly wechat: WechatClient,
    private readonly contentSecurity: ContentSecurity,
  ) {}

  async get(id: number, manager: EntityManager = this.db.manager): Promise<User> {
    const user = await manager.findOne(User, { where: { id } });
    if (!user) throw notFound('该用户');
    return user;
  }

  async me(userId: number): Promise<MeView> {
    const user = await this.get(userId);
    const [roles, residence] = await Promise.all([this.roleViews(userId), this.db.manager.findOne(Residence, { where: { userId } })]);
    let residenceView: MeView['residence'] = null;
    if (residence) {
      const community = await this.tree.getNode(residence.communityId);
      const ancestors = await this.tree.ancestors(community);
      residenceView = {
        communityId: community.id,
        communityName: community.name,
        streetName: ancestors.find((a) => a.level === 'street')?.name ?? null,
        districtName: ancestors.find((a) => a.level === 'district')?.name ?? null,
        building: residence.building,
        unit: residence.unit,
        status: residence.status,
        statusLabel: RESIDENCE_STATUS_LABEL[residence.status],
        returnReason: residence.status === 'returned' ? residence.returnReason : null,
      };
    }
    return {
      id: user.id,
      nickname: user.nickname,
      phoneMasked: user.phoneMasked,
      residence: residenceView,
      roles,
      workbench: roles.some((r) => WORKBENCH_ROLES.includes(r.role)),
      manager: roles.some((r) => MANAGER_ROLES.includes(r.role)),
    };
  }

  async roleViews(userId: number): Promise<RoleView[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT r.id, r.role, r.node_id, n.name AS node_name, n.level AS node_level, r.org_id, o.name AS org_name
         FROM role_assignment r
         JOIN service_node n ON n.id = r.node_id
         LEFT JOIN organization o ON o.id = r.org_id
        WHERE r.user_id = ?
        ORDER BY r.id`,
      [userId],
    );
    return rows.map((r) => {
      const role = r.role as Role;
      const level = r.node_level as ServiceNode['level'];
      return {
        id: Number(r.id),
        role,
        roleLabel: ROLE_LABEL[role],
        nodeId: Number(r.node_id),
        nodeName: String(r.node_name),
        nodeLevel: level,
        nodeLevelLabel: NODE_LEVEL_LABEL[level],
        orgId: toNumOrNull(r.org_id),
        orgName: r.org_name == null ? null : String(r.org_name),
      };
    });
  }

  /** Nicknames are seen by staff and neighbours, so they pass the content check (scene 1, 资料). */
  async updateNickname(principal: Principal, nickname: string): Promise<MeView> {
    await this.contentSecurity.assertPublishable([{ field: 'nickname', label: '昵称', text: nickname }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      await m.update(User, { id: principal.userId }, { nickname });
      await this.audit.record(m, { actorId: principal.userId, action: 'user.rename', entityType: 'user', entityId: principal.userId });
    });
    return this.me(principal.userId);
  }

  /**
   * Binds the phone number behind a getPhoneNumber code. The number is stored encrypted with a
   * keyed hash (for uniqueness and staff lookup) and shown masked; it is never logged.
   */
  async bindPhone(principal: Principal, code: string): Promise<PhoneBound> {
    let phone: string;
    try {
      const info = await this.wechat.getPhoneNumber(code);
      phone = normalizePhone(info.countryCode, info.purePhoneNumber);
    } catch (err) {
      if (err instanceof WechatApiError && err.isBadCode) {
        throw new AppError(ErrorCode.WECHAT_CODE_INVALID, '手机号授权已失效，请重新点击“绑定手机号”');
      }
      if (err instanceof WechatApiError) throw new AppError(ErrorCode.WECHAT_UNAVAILABLE, '微信服务暂时不可用，请稍后重试');
      throw err;
    }
    const hash = this.pii.lookupHash('phone', phone);
    const masked = maskPhone(phone);
    await inTransaction(this.db, async (m) => {
      const holder = await m.findOne(User, { where: { phoneHash: hash } });
      if (holder && holder.id !== principal.userId) {
        throw new AppError(ErrorCode.CONFLICT, '该手机号已绑定其他微信账号，如需更换请联系社区工作人员');
      }
      await m.update(User, { id: principal.userId }, { phoneEnc: this.pii.encrypt(phone), phoneHash: hash, phoneMasked: masked });
      await this.audit.record(m, { actorId: principal.userId, action: 'user.bind_phone', entityType: 'user', entityId: principal.userId });
    });
    this.logger.log({ msg: 'phone bound', userId: principal.userId });
    return { phoneMasked: masked };
  }

  /**
   * A resident joins (or moves to) a community. The resident role follows the residence:
   * granted on the new community, withdrawn from the old one, in one transaction. A new or
   * changed residence (or one submitted again after it was returned) waits for the community's
   * staff to confirm it; an unchanged confirmed one stays confirmed.
   */
  async setResidence(principal: Principal, input: ResidenceInput): Promise<MeView> {
    await inTransaction(this.db, async (m) => {
      const community = await this.tree.getNode(input.communityId, m);
      if (community.level !== 'community') {
        throw new AppError(ErrorCode.VALIDATION_FAILED, '请选择具体的社区（而不是街道或区县）', [
          { field: 'communityId', message: '请选择具体的社区' },
        ]);
      }
      const existing = await m.findOne(Residence, { where: { userId: principal.userId } });
      const from = existing?.communityId ?? null;
      if (existing) {
        const same = existing.communityId === community.id && existing.building === input.building && existing.unit === input.unit;
        const review = same && existing.status !== 'returned' ? {} : { status: 'applicant' as const, returnReason: null, reviewedBy: null, reviewedAt: null, phoneHash: null };
        await m.update(Residence, { id: existing.id }, { communityId: community.id, building: input.building, unit: input.unit, ...review });
      } else {
        await m.save(Residence, m.create(Residence, { userId: principal.userId, communityId: community.id, building: input.building, unit: input.unit }));
      }
      if (from !== community.id) {
        if (from) await m.delete(RoleAssignment, { userId: principal.userId, scopeKey: scopeKeyOf('resident', from, null) });
        await m.save(
          RoleAssignment,
          m.create(RoleAssignment, {
            userId: principal.userId,
            nodeId: community.id,
            role: 'resident',
            orgId: null,
            scopeKey: scopeKeyOf('resident', community.id, null),
            grantedBy: principal.userId,
          }),
        );
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'resident',
        action: existing ? 'residence.move' : 'residence.join',
        entityType: 'user',
        entityId: principal.userId,
        nodeId: community.id,
        fromState: from ? String(from) : null,
        toState: String(community.id),
      });
    });
    return this.me(principal.userId);
  }

  /**
   * Staff find a person by phone number to grant a role: only someone who has joined a place in the
   * caller's subtree (a residence or a role there) — anyone else reads as not found. The lookup
   * itself is audited (PII access).
   */
  async lookupByPhone(principal: Principal, phone: string): Promise<PersonLookup | null> {
    const hash = this.pii.lookupHash('phone', normalizePhone('86', phone));
    const holder = await this.db.manager.findOne(User, { where: { phoneHash: hash } });
    const user = holder && (await this.joinedUnder(holder.id, scopeRoots(principal, MANAGER_ROLES).map((g) => g.nodePath))) ? holder : null;
    const grant = scopeRoots(principal, MANAGER_ROLES)[0];
    await inTransaction(this.db, (m) =>
      this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant?.role ?? null,
        nodeId: grant?.nodeId ?? null,
        action: 'pii.lookup_phone',
        entityType: 'user',
        entityId: user?.id ?? 0,
        detail: { found: Boolean(user) },
      }),
    );
    return user ? { id: user.id, nickname: user.nickname, phoneMasked: user.phoneMasked } : null;
  }

  /** Whether the user has a residence or a role somewhere under one of these paths. */
  private async joinedUnder(userId: number, paths: string[]): Promise<boolean> {
    if (!paths.length) return false;
    const under = paths.map(() => 'n.path LIKE ?').join(' OR ');
    const params = paths.map((p) => `${p}%`);
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM residence r JOIN service_node n ON n.id = r.community_id WHERE r.user_id = ? AND (${under})
       UNION ALL
       SELECT 1 FROM role_assignment g JOIN service_node n ON n.id = g.node_id WHERE g.user_id = ? AND (${under})
       LIMIT 1`,
      [userId, ...params, userId, ...params],
    );
    return rows.length > 0;
  }
}

/** Mainland numbers are stored as the 11 digits; others keep their country code. */
export function normalizePhone(countryCode: string, pure: string): string {
  const digits = pure.replace(/\D/g, '');
  const cc = countryCode.replace(/\D/g, '') || '86';
  return cc === '86' ? digits : `+${cc}${digits}`;
}
