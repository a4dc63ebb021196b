import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { isUniqueViolation } from '../common/db-errors';
import { AppError, ErrorCode, badRequest, conflict, notFound } from '../common/errors';
import { maskPhone } from '../common/redact';
import { beijingDate, isRealDate, maskName } from '../contract/format';
import {
  AVAILABILITY,
  AVAILABILITY_LABEL,
  VOLUNTEER_STATUS_LABEL,
  type VolunteerApplicationView,
  type VolunteerOptions,
  type MyVolunteerRegistrationView,
  type VolunteerRegistrationView,
  type VolunteerSkillView,
} from '../contract/volunteers';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { Organization } from '../orgs/organization.entity';
import { usersCovering } from '../roles/directory';
import { RoleAssignment, scopeKeyOf } from '../roles/role-assignment.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { Residence } from '../users/residence.entity';
import { normalizePhone } from '../users/users.service';
import { WechatApiError, WechatClient } from '../wechat/wechat.client';
import type { ApplicationsQuery, RegisterVolunteerDto } from './dto/volunteer.dto';
import { birthDateOf, isValidIdNumber, maskIdNumber } from './hours';
import { requireStaff } from './volunteer-access';
import { isMinor, registrationViews } from './volunteer-views';
import { User } from '../users/user.entity';
import { VolunteerSkill } from './volunteer-skill.entity';
import { Volunteer, VolunteerSkillLink } from './volunteer.entity';

/** The text the volunteer agrees to (志愿服务记录); bump the version when it changes. */
export const CONSENT_VERSION = '2026-01';
export const CONSENT_TEXT =
  '我自愿注册为志愿者，同意社区按照《志愿服务记录与证明出具办法》记录我的志愿服务信息（姓名、联系方式、服务时间、服务内容、服务时长等），' +
  '记录真实、准确、完整，由记录单位负责。我的手机号、身份证号加密保存，仅用于身份核验和服务联络，不会公开或用于其他用途。';

/**
 * Real-name registration and its review by the community's staff. The phone number comes from
 * WeChat (getPhoneNumber) before any transaction; identifiers are stored encrypted and shown
 * masked (volunteer-views.ts). The volunteer's record and certificate are RecordsService.
 */
@Injectable()
export class VolunteersService {
  private readonly logger = new Logger(VolunteersService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly pii: PiiCipher,
    private readonly wechat: WechatClient,
    private readonly clock: Clock,
  ) {}

  async skills(): Promise<VolunteerSkillView[]> {
    const rows = await this.db.manager.find(VolunteerSkill, { where: { active: true }, order: { sort: 'ASC', id: 'ASC' } });
    return rows.map((s) => ({ id: s.id, key: s.key, label: s.label }));
  }

  // ------------------------------------------------------------------------ registration

  async register(principal: Principal, dto: RegisterVolunteerDto): Promise<VolunteerRegistrationView> {
    if (dto.consent !== true) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, '请阅读并同意《志愿服务记录规定》后再提交', [
        { field: 'consent', message: '请阅读并同意《志愿服务记录规定》' },
      ]);
    }
    const idNumber = dto.idNumber?.toUpperCase();
    if (idNumber && !isValidIdNumber(idNumber)) throw badRequest('身份证号校验不通过，请核对后重新填写', 'idNumber');
    // The birth date: from the ID number, or as declared without one.
    const birthDate = idNumber ? birthDateOf(idNumber) : (dto.birthDate ?? null);
    if (dto.birthDate && !idNumber && !isRealDate(dto.birthDate)) throw badRequest('出生日期不是有效的日期', 'birthDate');
    if (birthDate && birthDate > beijingDate(this.clock.now())) throw badRequest('出生日期不能晚于今天', 'birthDate');
    const skillIds = [...new Set(dto.skillIds)];
    if (skillIds.length) {
      const found = await this.db.manager.count(VolunteerSkill, { where: { id: In(skillIds), active: true } });
      if (found !== skillIds.length) throw badRequest('请选择有效的服务技能', 'skillIds');
    }
    const existing = await this.db.manager.findOne(Volunteer, { where: { userId: principal.userId } });
    if (existing && existing.status !== 'returned') {
      throw conflict(existing.status === 'approved' ? '您已是注册志愿者，无需重复注册' : '您的注册正在审核中，请耐心等待社区工作人员审核');
    }

    // The phone number, from WeChat, before the transaction (no network calls inside one).
    const phone = await this.phoneFromCode(dto.phoneCode);

    try {
      const id = await inTransaction(this.db, async (m) => {
        const residence = await m.findOne(Residence, { where: { userId: principal.userId } });
        const communityId = dto.communityId ?? residence?.communityId;
        if (!communityId) throw badRequest('请选择您参加志愿服务的社区', 'communityId');
        const community = await this.tree.getNode(communityId, m);
        if (community.level !== 'community') throw badRequest('请选择具体的社区（而不是街道或区县）', 'communityId');
        if (dto.orgId) {
          const org = await m.findOne(Organization, { where: { id: dto.orgId } });
          const orgNode = org ? await m.findOne(ServiceNode, { where: { id: org.nodeId } }) : null;
          if (!org || !orgNode || !community.path.startsWith(orgNode.path)) throw badRequest('所选的志愿服务队不在该社区服务范围内', 'orgId');
        }
        const idHash = idNumber ? this.pii.lookupHash('id_number', idNumber) : null;
        if (idHash) {
          const holder = await m.findOne(Volunteer, { where: { idNumberHash: idHash, userId: Not(principal.userId) } });
          if (holder) throw conflict('该身份证号已注册过志愿者，如有疑问请联系社区工作人员');
        }
        const now = this.clock.now();
        const fields = {
          communityId: community.id,
          orgId: dto.orgId ?? null,
          realNameEnc: this.pii.encrypt(dto.realName),
          realNameMasked: maskName(dto.realName),
          phoneEnc: this.pii.encrypt(phone),
          phoneHash: this.pii.lookupHash('phone', phone),
          phoneMasked: maskPhone(phone),
          idNumberEnc: idNumber ? this.pii.encrypt(idNumber) : null,
          idNumberHash: idHash,
          idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
          birthDate,
          availability: [...new Set(dto.availability)].join(','),
          consentAt: now,
          consentVersion: CONSENT_VERSION,
          status: 'pending' as const,
          returnReason: null,
          reviewedBy: null,
          reviewedAt: null,
        };
        let volunteerId: number;
        const prior = await m.findOne(Volunteer, { where: { userId: principal.userId } });
        if (prior) {
          if (prior.status !== 'returned') throw conflict('您的注册正在审核中或已通过，请勿重复提交');
          const res = await m.createQueryBuilder().update(Volunteer).set({ ...fields, updatedAt: now }).where('id = :id AND status = :s', { id: prior.id, s: 'returned' }).execute();
          if (!res.affected) throw conflict('您的注册刚刚已被处理，请刷新后查看');
          await m.delete(VolunteerSkillLink, { volunteerId: prior.id });
          volunteerId = prior.id;
        } else {
          volunteerId = (await m.save(Volunteer, m.create(Volunteer, { userId: principal.userId, lockVersion: 0, ...fields }))).id;
        }
        if (skillIds.length) await m.insert(VolunteerSkillLink, skillIds.map((skillId) => ({ volunteerId, skillId })));
        // The number WeChat just verified is the user's too, so 我的 shows the same one
        // (unless another account holds it: then 我的 keeps its own).
        const holder = await m.findOne(User, { where: { phoneHash: fields.phoneHash }, select: { id: true } });
        if (!holder || holder.id === principal.userId) {
          await m.update(User, { id: principal.userId }, { phoneEnc: fields.phoneEnc, phoneHash: fields.phoneHash, phoneMasked: fields.phoneMasked });
        }
        await this.audit.record(m, {
          actorId: principal.userId,
          actorRole: 'resident',
          action: prior ? 'volunteer.resubmit' : 'volunteer.register',
          entityType: 'volunteer',
          entityId: volunteerId,
          nodeId: community.id,
          fromState: prior?.status ?? null,
          toState: 'pending',
          detail: { skills: skillIds.length, idNumber: Boolean(idNumber), consentVersion: CONSENT_VERSION, orgId: dto.orgId ?? undefined },
        });
        const staff = await usersCovering(m, community, ['staff']);
        await this.notifications.notify(m, {
          userIds: staff,
          title: '志愿者注册待审核',
          body: `${maskName(dto.realName)} 申请注册为${community.name}志愿者，请审核`,
          page: 'workbench/pages/volunteers/index',
        });
        return volunteerId;
      });
      this.logger.log({ msg: 'volunteer registered', volunteerId: id, userId: principal.userId });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('该身份证号已注册过志愿者，或您刚刚已提交过注册');
      throw err;
    }
    return (await this.me(principal))!;
  }

  /** A registration as staff see it after a review (the name masked; the list shows it in full). */
  private async registrationOf(userId: number): Promise<VolunteerRegistrationView> {
    const v = await this.db.manager.findOneOrFail(Volunteer, { where: { userId } });
    return (await registrationViews(this.db.manager, [v]))[0];
  }

  async me(principal: Principal): Promise<MyVolunteerRegistrationView | null> {
    const v = await this.db.manager.findOne(Volunteer, { where: { userId: principal.userId } });
    return v ? { ...(await registrationViews(this.db.manager, [v]))[0], realName: this.pii.decrypt(v.realNameEnc) } : null;
  }

  /** Registrations in a node's subtree for its staff, pending first. */
  async applications(principal: Principal, q: ApplicationsQuery): Promise<VolunteerApplicationView[]> {
    const node = await this.tree.getNode(q.nodeId);
    const grant = requireStaff(principal, node, '只有本社区的工作人员或上级管理员可以审核志愿者');
    const qb = this.db.manager
      .createQueryBuilder(Volunteer, 'v')
      .innerJoin(ServiceNode, 'c', 'c.id = v.community_id')
      .where('c.path LIKE :path', { path: `${node.path}%` })
      .orderBy('v.id', 'ASC')
      .take(500);
    if (q.status) qb.andWhere('v.status = :status', { status: q.status });
    // Pending first (stable by id within each group).
    const rows = (await qb.getMany()).sort((x, y) => Number(y.status === 'pending') - Number(x.status === 'pending'));
    const views = await registrationViews(this.db.manager, rows);
    // Full names of the applicants: a read of personal data, logged (the 查阅记录 of the street and district).
    if (rows.length) {
      await this.audit.record(this.db.manager, { actorId: principal.userId, actorRole: grant.role, action: 'pii.read_volunteers', entityType: 'service_node', entityId: node.id, nodeId: node.id, detail: { count: rows.length, status: q.status ?? null } });
    }
    return views.map((view, i) => ({ ...view, userId: rows[i].userId, realName: this.pii.decrypt(rows[i].realNameEnc) }));
  }

  /** Staff record that a minor's guardian consented (relation only: 母亲, 父亲 …), before approving. */
  async guardianConsent(principal: Principal, id: number, relation: string): Promise<VolunteerRegistrationView> {
    await inTransaction(this.db, async (m) => {
      const v = await m.findOne(Volunteer, { where: { id } });
      if (!v) throw notFound('该志愿者注册');
      const grant = requireStaff(principal, await this.tree.getNode(v.communityId, m), '只有本社区的工作人员或上级管理员可以登记监护人同意');
      if (!isMinor(v, beijingDate(this.clock.now()))) throw conflict('该志愿者已满18岁，不需要监护人同意');
      await m.update(Volunteer, { id }, { guardianConsentAt: this.clock.now(), guardianConsentBy: principal.userId, guardianRelation: relation });
      await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'volunteer.guardian_consent', entityType: 'volunteer', entityId: id, nodeId: v.communityId, detail: { relation } });
    });
    const row = await this.db.manager.findOneByOrFail(Volunteer, { id });
    return (await registrationViews(this.db.manager, [row], beijingDate(this.clock.now())))[0];
  }

  /** Staff approve: the volunteer role is granted on the community, in the same transaction. */
  async approve(principal: Principal, id: number): Promise<VolunteerRegistrationView> {
    const userId = await inTransaction(this.db, async (m) => {
      const v = await m.findOne(Volunteer, { where: { id } });
      if (!v) throw notFound('该志愿者注册');
      const community = await this.tree.getNode(v.communityId, m);
      const grant = requireStaff(principal, community, '只有本社区的工作人员或上级管理员可以审核志愿者');
      const now = this.clock.now();
      if (isMinor(v, beijingDate(now)) && !v.guardianConsentAt) {
        throw conflict('该志愿者未满18岁，需先登记监护人同意（在审核页点“登记监护人同意”），再审核通过');
      }
      const res = await m
        .createQueryBuilder()
        .update(Volunteer)
        .set({ status: 'approved', reviewedBy: principal.userId, reviewedAt: now, returnReason: null, updatedAt: now })
        .where('id = :id AND status = :s', { id, s: 'pending' })
        .execute();
      if (!res.affected) throw conflict(`该注册当前为“${VOLUNTEER_STATUS_LABEL[v.status]}”，不能再审核通过`);
      const scopeKey = scopeKeyOf('volunteer', community.id, null);
      if (!(await m.findOne(RoleAssignment, { where: { userId: v.userId, scopeKey } }))) {
        await m.save(RoleAssignment, m.create(RoleAssignment, { userId: v.userId, nodeId: community.id, role: 'volunteer', orgId: null, scopeKey, grantedBy: principal.userId }));
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer.approve',
        entityType: 'volunteer',
        entityId: v.id,
        nodeId: community.id,
        fromState: 'pending',
        toState: 'approved',
      });
      await this.notifications.notify(m, {
        userIds: [v.userId],
        title: '志愿者注册已通过',
        body: `您已成为${community.name}的注册志愿者，可以报名志愿活动、认领服务任务了`,
        page: 'pages/volunteer/index',
      });
      return v.userId;
    });
    return this.registrationOf(userId);
  }

  async returnRegistration(principal: Principal, id: number, reason: string): Promise<VolunteerRegistrationView> {
    const userId = await inTransaction(this.db, async (m) => {
      const v = await m.findOne(Volunteer, { where: { id } });
      if (!v) throw notFound('该志愿者注册');
      const community = await this.tree.getNode(v.communityId, m);
      const grant = requireStaff(principal, community, '只有本社区的工作人员或上级管理员可以审核志愿者');
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(Volunteer)
        .set({ status: 'returned', returnReason: reason, reviewedBy: principal.userId, reviewedAt: now, updatedAt: now })
        .where('id = :id AND status = :s', { id, s: 'pending' })
        .execute();
      if (!res.affected) throw conflict(`该注册当前为“${VOLUNTEER_STATUS_LABEL[v.status]}”，不能退回`);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer.return',
        entityType: 'volunteer',
        entityId: v.id,
        nodeId: community.id,
        fromState: 'pending',
        toState: 'returned',
        reason,
      });
      await this.notifications.notify(m, {
        userIds: [v.userId],
        title: '志愿者注册被退回',
        body: `您的志愿者注册被退回：${reason}。修改后可重新提交`,
        page: 'pages/volunteer/index',
      });
      return v.userId;
    });
    return this.registrationOf(userId);
  }

  /** What the registration form offers: skills, availability choices, the consent text. */
  async options(): Promise<VolunteerOptions> {
    return {
      skills: await this.skills(),
      availability: AVAILABILITY.map((key) => ({ key, label: AVAILABILITY_LABEL[key] })),
      consent: { version: CONSENT_VERSION, text: CONSENT_TEXT },
    };
  }

  // ------------------------------------------------------------------------ internals

  private async phoneFromCode(code: string): Promise<string> {
    try {
      const info = await this.wechat.getPhoneNumber(code);
      return normalizePhone(info.countryCode, info.purePhoneNumber);
    } catch (err) {
      if (err instanceof WechatApiError && err.isBadCode) {
        throw new AppError(ErrorCode.WECHAT_CODE_INVALID, '手机号授权已失效，请重新点击“获取手机号”');
      }
      if (err instanceof WechatApiError) throw new AppError(ErrorCode.WECHAT_UNAVAILABLE, '微信服务暂时不可用，请稍后重试');
      throw err;
    }
  }
}
