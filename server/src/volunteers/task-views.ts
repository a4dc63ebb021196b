import { type EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { TASK_KIND_LABEL, TASK_STATUS_LABEL, type VolunteerTaskView } from '../contract/volunteers';
import { Need } from '../needs/need.entity';
import { hasRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { hoursOf, taskMinutes } from './hours';
import { VolunteerTask } from './task.entity';
import { iso } from './volunteer-access';

/** Tasks as the caller sees them at `at`: what they may do with each (claim, mark done, release, confirm). */
export async function taskViews(m: EntityManager, principal: Principal, rows: VolunteerTask[], at: Date): Promise<VolunteerTaskView[]> {
  if (!rows.length) return [];
  const needs = await m.find(Need, { where: { id: In([...new Set(rows.map((t) => t.needId))]) }, select: { id: true, title: true, reporterId: true } });
  const now = at.getTime();
  const communities = await m.find(ServiceNode, { where: { id: In([...new Set(rows.map((t) => t.communityId))]) } });
  return rows.map((t) => ({
    id: t.id,
    needId: t.needId,
    needTitle: needs.find((n) => n.id === t.needId)?.title ?? '',
    communityId: t.communityId,
    communityName: communities.find((c) => c.id === t.communityId)?.name ?? '',
    kind: t.kind,
    kindLabel: TASK_KIND_LABEL[t.kind],
    title: t.title,
    description: t.description,
    startsAt: t.startsAt.toISOString(),
    endsAt: t.endsAt.toISOString(),
    place: t.place,
    status: t.status,
    statusLabel: TASK_STATUS_LABEL[t.status],
    claimedByMe: t.claimedBy === principal.userId,
    claimed: t.claimedBy != null,
    claimedAt: iso(t.claimedAt),
    doneAt: iso(t.doneAt),
    doneNote: t.doneNote,
    ownNeed: needs.find((n) => n.id === t.needId)?.reporterId === principal.userId,
    canMarkDone: t.status === 'claimed' && t.claimedBy === principal.userId && now >= t.startsAt.getTime(),
    canRelease: t.status === 'claimed' && t.claimedBy === principal.userId,
    confirmed: t.confirmedAt != null,
    creditedMinutes: t.creditedMinutes,
    creditedHours: t.creditedMinutes == null ? null : hoursOf(t.creditedMinutes),
    scheduledMinutes: taskMinutes(t.startsAt, t.endsAt),
    canConfirm:
      t.status === 'done' &&
      t.confirmedAt == null &&
      t.claimedBy !== principal.userId &&
      communities.some((c) => c.id === t.communityId && hasRoleOn(principal, c, MANAGER_ROLES)),
  }));
}
