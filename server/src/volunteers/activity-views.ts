/**
 * Activities and sign-ups as the contract says them (contract/volunteers.ts): the mappers, and
 * the loaders that fetch what a batch of views needs in a few queries.
 */
import { type EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { PiiCipher } from '../common/crypto';
import {
  ATTENDANCE_LABEL,
  type ActivityRosterRow,
  type ActivitySignupView,
  SIGNUP_STATUS_LABEL,
  type VolunteerActivityView,
  hoursOf,
} from '../contract/volunteers';
import { hasRoleOn } from '../roles/access';
import { ServiceNode } from '../tree/service-node.entity';
import { countWaitingAhead } from './activity-queries';
import { activityCan, activityPhase } from './activity-rules';
import { Activity, ActivitySkill } from './activity.entity';
import { Signup } from './signup.entity';
import { iso, ORGANIZER_ROLES } from './volunteer-access';
import { VolunteerSkill } from './volunteer-skill.entity';
import { Volunteer } from './volunteer.entity';

/** The activity's page in the mini-program, for messages. */
export const activityPage = (id: number) => `volunteer/pages/activity/index?id=${id}`;

export function toSignupView(s: Signup, waitlistPosition: number | null): ActivitySignupView {
  return {
    id: s.id,
    status: s.status,
    statusLabel: SIGNUP_STATUS_LABEL[s.status],
    waitlistPosition,
    lateCancel: s.lateCancel,
    checkedInAt: iso(s.checkedInAt),
    checkedOutAt: iso(s.checkedOutAt),
    attendance: s.attendance,
    creditedMinutes: s.creditedMinutes,
  };
}

/** A sign-up with its current place in the queue while waitlisted (1 = next). */
export async function signupView(m: EntityManager, s: Signup): Promise<ActivitySignupView> {
  const position = s.status === 'waitlisted' && s.waitlistSeq != null ? (await countWaitingAhead(m, s.activityId, s.waitlistSeq)) + 1 : null;
  return toSignupView(s, position);
}

/** The views of these activities for the caller (their own sign-up, whether they organize it, what they may do now). */
export async function activityViews(m: EntityManager, principal: Principal, rows: Activity[], now: Date): Promise<VolunteerActivityView[]> {
  if (!rows.length) return [];
  const ids = rows.map((a) => a.id);
  const communities = await m.find(ServiceNode, { where: { id: In([...new Set(rows.map((a) => a.communityId))]) } });
  const links = await m.find(ActivitySkill, { where: { activityId: In(ids) } });
  const skills = links.length ? await m.find(VolunteerSkill, { where: { id: In([...new Set(links.map((l) => l.skillId))]) } }) : [];
  const mine = await m.find(Signup, { where: { activityId: In(ids), userId: principal.userId } });
  const registration = await m.findOne(Volunteer, { where: { userId: principal.userId }, select: { id: true, status: true } });
  const out: VolunteerActivityView[] = [];
  for (const a of rows) {
    const community = communities.find((c) => c.id === a.communityId)!;
    const my = mine.find((s) => s.activityId === a.id) ?? null;
    const organizer = hasRoleOn(principal, community, ORGANIZER_ROLES);
    out.push({
      id: a.id,
      communityId: a.communityId,
      communityName: community.name,
      orgId: a.orgId,
      title: a.title,
      description: a.description,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      extendedUntil: iso(a.extendedUntil),
      signupDeadline: a.signupDeadline.toISOString(),
      address: a.address,
      lat: a.latE6 == null ? null : a.latE6 / 1e6,
      lng: a.lngE6 == null ? null : a.lngE6 / 1e6,
      maxDistanceMeters: a.maxDistanceM,
      capacity: a.capacity,
      confirmedCount: a.confirmedCount,
      seatsLeft: Math.max(0, a.capacity - a.confirmedCount),
      waitlistCount: a.waitlistCount,
      requiredSkills: links
        .filter((l) => l.activityId === a.id)
        .map((l) => skills.find((s) => s.id === l.skillId)!)
        .map((s) => ({ id: s.id, label: s.label })),
      needsApproval: a.needsApproval,
      cancelCutoffMinutes: a.cancelCutoffMinutes,
      lateCancel: a.lateCancel,
      needId: a.needId,
      projectId: a.projectId,
      status: a.status,
      attendanceConfirmed: a.attendanceConfirmedAt != null,
      phase: activityPhase(a, now),
      mySignup: my ? await signupView(m, my) : null,
      organizer,
      can: activityCan(a, { mine: my, registration: registration?.status ?? null, organizer }, now),
    });
  }
  return out;
}

/** The organizer's roster of an activity: names in full (they call the roll), phones masked. */
export async function rosterRows(m: EntityManager, pii: PiiCipher, activityId: number): Promise<ActivityRosterRow[]> {
  const rows = await m.find(Signup, { where: { activityId }, order: { id: 'ASC' } });
  const vols = rows.length ? await m.find(Volunteer, { where: { userId: In(rows.map((r) => r.userId)) } }) : [];
  const byUser = new Map(vols.map((v) => [v.userId, v]));
  const waiting = rows.filter((r) => r.status === 'waitlisted').sort((x, y) => x.waitlistSeq! - y.waitlistSeq!);
  return rows.map((s) => {
    const v = byUser.get(s.userId);
    return {
      signupId: s.id,
      userId: s.userId,
      realName: v ? pii.decrypt(v.realNameEnc) : null,
      phoneMasked: v?.phoneMasked ?? null,
      status: s.status,
      statusLabel: SIGNUP_STATUS_LABEL[s.status],
      waitlistPosition: s.status === 'waitlisted' ? waiting.indexOf(s) + 1 : null,
      lateCancel: s.lateCancel,
      checkedInAt: iso(s.checkedInAt),
      checkedOutAt: iso(s.checkedOutAt),
      attendance: s.attendance,
      attendanceLabel: s.attendance ? ATTENDANCE_LABEL[s.attendance] : null,
      attendanceReason: s.attendanceReason,
      creditedMinutes: s.creditedMinutes,
      creditedHours: s.creditedMinutes == null ? null : hoursOf(s.creditedMinutes),
    };
  });
}
