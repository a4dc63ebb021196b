/**
 * The named queries of activities and sign-ups (tables volunteer_activity, volunteer_signup,
 * volunteer), each taking the EntityManager of the caller's transaction. The counters of an
 * activity move only through these conditional UPDATEs; the order the services take the locks
 * in (volunteer row → activity row → sign-up rows) is described in signups.service.ts.
 */
import type { EntityManager } from 'typeorm';
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

/** Bumps the volunteer's own row if they are approved: serializes one person's sign-ups. False when not an approved volunteer. */
export async function lockApprovedVolunteer(m: EntityManager, userId: number): Promise<boolean> {
  const res = await m
    .createQueryBuilder()
    .update(Volunteer)
    .set({ lockVersion: () => 'lock_version + 1' })
    .where('user_id = :uid AND status = :s', { uid: userId, s: 'approved' })
    .execute();
  return Boolean(res.affected);
}

/** Another published activity whose time overlaps this one, held by the user (waitlisted included: they may be promoted). */
export async function findOverlappingHeld(
  m: EntityManager,
  userId: number,
  a: Pick<Activity, 'id' | 'startsAt' | 'endsAt'>,
): Promise<{ title: string; startsAt: Date; endsAt: Date } | null> {
  const clash = await m
    .createQueryBuilder(Signup, 's')
    .innerJoin(Activity, 'o', 'o.id = s.activity_id')
    .select(['o.id AS id', 'o.title AS title', 'o.starts_at AS starts_at', 'o.ends_at AS ends_at'])
    .where('s.user_id = :uid AND s.status IN (:...holding) AND o.id <> :aid AND o.status = :pub', { uid: userId, holding: HOLDING_STATUSES, aid: a.id, pub: 'published' })
    .andWhere('o.starts_at < :end AND o.ends_at > :start', { end: a.endsAt, start: a.startsAt })
    .orderBy('o.starts_at', 'ASC')
    .limit(1)
    .getRawOne<{ id: unknown; title: string; starts_at: unknown; ends_at: unknown }>();
  return clash ? { title: clash.title, startsAt: toDate(clash.starts_at), endsAt: toDate(clash.ends_at) } : null;
}

/** One seat, if one is free: `confirmed_count + 1 … WHERE confirmed_count < capacity`. */
export async function takeSeat(m: EntityManager, activityId: number): Promise<boolean> {
  const res = await m
    .createQueryBuilder()
    .update(Activity)
    .set({ confirmedCount: () => 'confirmed_count + 1' })
    .where('id = :id AND status = :pub AND confirmed_count < capacity', { id: activityId, pub: 'published' })
    .execute();
  return Boolean(res.affected);
}

/** A queue ticket: the ticket number and the place in the queue it gives (1 = next). */
export async function takeQueueTicket(m: EntityManager, activityId: number): Promise<{ seq: number; position: number }> {
  await m
    .createQueryBuilder()
    .update(Activity)
    .set({ waitlistSeq: () => 'waitlist_seq + 1', waitlistCount: () => 'waitlist_count + 1' })
    .where('id = :id', { id: activityId })
    .execute();
  // This transaction holds the row lock now, so it reads its own, latest counters.
  const row = await m
    .createQueryBuilder(Activity, 'a')
    .select(['a.waitlist_seq AS seq', 'a.waitlist_count AS cnt'])
    .where('a.id = :id', { id: activityId })
    .getRawOne<{ seq: unknown; cnt: unknown }>();
  return { seq: toNum(row!.seq), position: toNum(row!.cnt) };
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
