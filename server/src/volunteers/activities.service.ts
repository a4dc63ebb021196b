import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import type { Paged } from '../contract/common';
import type { ActivityRosterRow, VolunteerActivityView } from '../contract/volunteers';
import { badRequest, forbidden } from '../common/errors';
import { inTransaction } from '../database/transaction';
import { Need } from '../needs/need.entity';
import { ServiceProject } from '../projects/project.entity';
import { Organization } from '../orgs/organization.entity';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { findActivity, findByProject, findUpcomingInSubtree } from './activity-queries';
import { assertActivityTimes } from './activity-rules';
import { activityViews, rosterRows } from './activity-views';
import { Activity, ActivitySkill } from './activity.entity';
import type { ActivitiesQuery, CreateActivityDto } from './dto/volunteer.dto';
import { requireOrganizer } from './volunteer-access';
import { VolunteerSkill } from './volunteer-skill.entity';

/**
 * Volunteer activities: publishing, the list and one activity (views with what the caller may
 * do, activity-views.ts), the organizer's roster. Sign-up, cancellation and the waitlist are
 * SignupsService; on-site attendance and hours are AttendanceService.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------------ publishing

  async create(principal: Principal, dto: CreateActivityDto): Promise<VolunteerActivityView> {
    const community = await this.tree.getNode(dto.communityId);
    if (community.level !== 'community') throw badRequest('请选择具体的社区（而不是街道或区县）', 'communityId');
    const grant = requireOrganizer(principal, community);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const deadline = new Date(dto.signupDeadline);
    const now = this.clock.now();
    assertActivityTimes(startsAt, endsAt, deadline, now);
    if ((dto.lat == null) !== (dto.lng == null)) throw badRequest('请同时提供活动地点的经度和纬度', 'lat');
    if (dto.maxDistanceMeters != null && dto.lat == null) throw badRequest('设置签到距离限制时，请在地图上选择活动地点', 'maxDistanceMeters');
    const skillIds = [...new Set(dto.requiredSkillIds ?? [])];
    if (skillIds.length && (await this.db.manager.count(VolunteerSkill, { where: { id: In(skillIds), active: true } })) !== skillIds.length) {
      throw badRequest('请选择有效的技能', 'requiredSkillIds');
    }
    if (dto.needId) {
      const need = await this.db.manager.findOne(Need, { where: { id: dto.needId } });
      if (!need || need.communityId !== community.id) throw badRequest('关联的需求不存在或不属于该社区', 'needId');
    }
    if (dto.projectId) {
      const project = await this.db.manager.findOne(ServiceProject, { where: { id: dto.projectId } });
      if (!project || project.communityId !== community.id) throw badRequest('关联的服务项目不存在或不属于该社区', 'projectId');
      if (project.status !== 'active') throw badRequest('关联的服务项目已结项，不能再为它发布活动', 'projectId');
    }
    if (dto.orgId) {
      const org = await this.db.manager.findOne(Organization, { where: { id: dto.orgId } });
      const orgNode = org ? await this.tree.getNode(org.nodeId) : null;
      if (!orgNode || !community.path.startsWith(orgNode.path)) throw badRequest('组织方不在该社区服务范围内', 'orgId');
      if (grant.role === 'org_member' && !principal.roles.some((g) => g.role === 'org_member' && g.orgId === dto.orgId)) {
        throw forbidden('社会组织成员只能以本组织的名义发布活动');
      }
    }
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '活动名称', text: dto.title },
        { field: 'description', label: '活动介绍', text: dto.description },
      ],
      principal.openid,
      3,
    );

    const id = await inTransaction(this.db, async (m) => {
      const a = await m.save(
        Activity,
        m.create(Activity, {
          communityId: community.id,
          orgId: dto.orgId ?? (grant.role === 'org_member' ? grant.orgId : null),
          createdBy: principal.userId,
          title: dto.title,
          description: dto.description,
          startsAt,
          endsAt,
          extendedUntil: null,
          signupDeadline: deadline,
          address: dto.address,
          latE6: dto.lat == null ? null : Math.round(dto.lat * 1e6),
          lngE6: dto.lng == null ? null : Math.round(dto.lng * 1e6),
          maxDistanceM: dto.maxDistanceMeters ?? null,
          capacity: dto.capacity,
          confirmedCount: 0,
          waitlistCount: 0,
          waitlistSeq: 0,
          needsApproval: dto.needsApproval,
          cancelCutoffMinutes: dto.cancelCutoffMinutes,
          lateCancel: dto.lateCancel,
          needId: dto.needId ?? null,
          projectId: dto.projectId ?? null,
          status: 'published',
          attendanceConfirmedAt: null,
          attendanceConfirmedBy: null,
          version: 0,
        }),
      );
      if (skillIds.length) await m.insert(ActivitySkill, skillIds.map((skillId) => ({ activityId: a.id, skillId })));
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_activity.publish',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: community.id,
        toState: 'published',
        detail: { capacity: dto.capacity, needId: dto.needId, projectId: dto.projectId },
      });
      return a.id;
    });
    return this.get(principal, id);
  }

  /** Published activities not yet over, in a node's subtree (or everywhere), soonest first. */
  async list(principal: Principal, q: ActivitiesQuery): Promise<Paged<VolunteerActivityView>> {
    const now = this.clock.now();
    const page = { limit: q.limit ?? 20, offset: q.offset ?? 0 };
    if (q.projectId) {
      const [rows, total] = await findByProject(this.db.manager, q.projectId, page);
      return { items: await activityViews(this.db.manager, principal, rows, now), total };
    }
    const node = q.nodeId ? await this.tree.getNode(q.nodeId) : null;
    const [rows, total] = await findUpcomingInSubtree(this.db.manager, now, node, page);
    return { items: await activityViews(this.db.manager, principal, rows, now), total };
  }

  async get(principal: Principal, id: number): Promise<VolunteerActivityView> {
    const a = await findActivity(this.db.manager, id);
    return (await activityViews(this.db.manager, principal, [a], this.clock.now()))[0];
  }

  /** The organizer's roster: names in full (they call the roll), phones masked. */
  async roster(principal: Principal, id: number): Promise<ActivityRosterRow[]> {
    const a = await findActivity(this.db.manager, id);
    const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId));
    const rows = await rosterRows(this.db.manager, this.pii, a.id);
    if (rows.length) {
      await this.audit.record(this.db.manager, { actorId: principal.userId, actorRole: grant.role, action: 'pii.read_roster', entityType: 'volunteer_activity', entityId: a.id, nodeId: a.communityId, detail: { count: rows.length } });
    }
    return rows;
  }
}
