/**
 * The named queries of activities and sign-ups (tables volunteer_activity, volunteer_signup,
 * volunteer), each taking the EntityManager of the caller's transaction. The counters of an
 * activity move only through these conditional UPDATEs; the order the services take the locks
 * in (volunteer row → activity row → sign-up rows) is described in signups.service.ts.
 */
import { type EntityManager, In } from 'typeorm';
import { notFound } from '../common/errors';
import { HOLDING_STATUSES } from '../contract/volunteers';
import { toDate, toNum } from '../database/raw';
import { ServiceNode } from '../tree/service-node.entity';
import { Activity } from './activity.entity';
import { Signup } from './signup.entity';
import { Volunteer } from './volunteer.entity';

/** Takes the activity's row lock (a no-op counter bump), then reads it: the first statement of the transaction. */
export async function lockActivity(m: EntityManager, id: number): Promise<Activity> {
  const res = await m.createQueryBuilder().update(Activity).set({ version: () => 'version + 1' }).where('id = :id', { id }).execute();
  if (!res.affected) throw notFound('该活动');
  return m.findOneOrFail(Activity, { where: { id } });
}

export async function findActivity(m: EntityManager, id: number): Promise<Activity> {
  const a = await m.findOne(Activity, { where: { id } });
  if (!a) throw notFound('该活动');
  return a;
}

/** Published activities not yet over, in a node's subtree (or everywhere), soonest first, one page. */
export async function findUpcomingInSubtree(m: EntityManager, now: Date, node: ServiceNode | null, page: { limit: number; offset: number }): Promise<[Activity[], number]> {
  const qb = m
    .createQueryBuilder(Activity, 'a')
    .where('a.status = :s AND a.ends_at > :now', { s: 'published', now })
    .orderBy('a.starts_at', 'ASC')
    .addOrderBy('a.id', 'ASC')
    .take(page.limit)
    .skip(page.offset);
  if (node) qb.innerJoin(ServiceNode, 'c', 'c.id = a.community_id').andWhere('c.path LIKE :path', { path: `${node.path}%` });
  return qb.getManyAndCount();
}

/** Every published activity of a service project, newest first (the project page lists what was done and what is coming). */
export function findByProject(m: EntityManager, projectId: number, page: { limit: number; offset: number }): Promise<[Activity[], number]> {
  return m
    .createQueryBuilder(Activity, 'a')
    .where('a.status IN (:...s) AND a.project_id = :projectId', { s: ['published', 'cancelled'], projectId })
    .orderBy('a.starts_at', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .take(page.limit)
    .skip(page.offset)
    .getManyAndCount();
}

/**
 * For each of these users, another published activity whose time overlaps this one that they
 * hold (waitlisted included: they may be promoted) — the soonest, if several.
 */
export async function findOverlapsHeld(m: EntityManager, userIds: number[], activityId: number): Promise<Map<number, { title: string; startsAt: Date; endsAt: Date }>> {
  const clashes = new Map<number, { title: string; startsAt: Date; endsAt: Date }>();
  if (!userIds.length) return clashes;
  const rows = await m
    .createQueryBuilder(Signup, 's')
    .innerJoin(Activity, 'o', 'o.id = s.activity_id')
    // The activity signed up for, joined for its times (so this read needs no read before it).
    .innerJoin(Activity, 't', 't.id = :aid', { aid: activityId })
    .select(['s.user_id AS user_id', 'o.title AS title', 'o.starts_at AS starts_at', 'o.ends_at AS ends_at'])
    .where('s.user_id IN (:...uids) AND s.status IN (:...holding) AND o.id <> :aid AND o.status = :pub', { uids: userIds, holding: HOLDING_STATUSES, aid: activityId, pub: 'published' })
    .andWhere('o.starts_at < t.ends_at AND o.ends_at > t.starts_at')
    .orderBy('o.starts_at', 'ASC')
    .getRawMany<{ user_id: unknown; title: string; starts_at: unknown; ends_at: unknown }>();
  for (const r of rows) {
    const uid = toNum(r.user_id);
    if (!clashes.has(uid)) clashes.set(uid, { title: r.title, startsAt: toDate(r.starts_at), endsAt: toDate(r.ends_at) });
  }
  return clashes;
}

/** Each of these users' volunteer row bumped (serializing their sign-ups); answers the approved ones' volunteer ids by user. */
export async function lockApprovedVolunteers(m: EntityManager, userIds: number[]): Promise<Map<number, number>> {
  await m
    .createQueryBuilder()
    .update(Volunteer)
    .set({ lockVersion: () => 'lock_version + 1' })
    .where('user_id IN (:...uids) AND status = :s', { uids: userIds, s: 'approved' })
    .execute();
  // The rows are held by this transaction now: what is read is what stays.
  const rows = await m.find(Volunteer, { where: { userId: In(userIds), status: 'approved' }, select: { id: true, userId: true } });
  return new Map(rows.map((v) => [v.userId, v.id]));
}

export async function releaseSeat(m: EntityManager, activityId: number): Promise<void> {
  await m
    .createQueryBuilder()
    .update(Activity)
    .set({ confirmedCount: () => 'confirmed_count - 1' })
    .where('id = :id AND confirmed_count > 0', { id: activityId })
    .execute();
}

export async function leaveQueue(m: EntityManager, activityId: number): Promise<void> {
  await m.createQueryBuilder().update(Activity).set({ waitlistCount: () => 'waitlist_count - 1' }).where('id = :id', { id: activityId }).execute();
}

/** A free seat for the head of the queue: the seat and the queue counter move together. */
export async function seatFromQueue(m: EntityManager, activityId: number): Promise<boolean> {
  const res = await m
    .createQueryBuilder()
    .update(Activity)
    .set({ confirmedCount: () => 'confirmed_count + 1', waitlistCount: () => 'waitlist_count - 1' })
    .where('id = :id AND confirmed_count < capacity', { id: activityId })
    .execute();
  return Boolean(res.affected);
}

export function firstWaiting(m: EntityManager, activityId: number): Promise<Signup | null> {
  return m.findOne(Signup, { where: { activityId, status: 'waitlisted' }, order: { waitlistSeq: 'ASC', id: 'ASC' } });
}

/** Moves a sign-up (of this activity, when given) from one status on, only if it still has it: false when someone else moved it first. */
export async function moveSignup(m: EntityManager, target: { id: number; activityId?: number }, from: Signup['status'], patch: Partial<Signup>): Promise<boolean> {
  const qb = m.createQueryBuilder().update(Signup).set(patch).where('id = :id AND status = :s', { id: target.id, s: from });
  if (target.activityId != null) qb.andWhere('activity_id = :aid', { aid: target.activityId });
  return Boolean((await qb.execute()).affected);
}

/** How many wait ahead of this ticket in the activity's queue. */
export function countWaitingAhead(m: EntityManager, activityId: number, seq: number): Promise<number> {
  return m
    .createQueryBuilder(Signup, 's')
    .where('s.activity_id = :aid AND s.status = :w AND s.waitlist_seq < :seq', { aid: activityId, w: 'waitlisted', seq })
    .getCount();
}
