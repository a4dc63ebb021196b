import { type EntityManager, In } from 'typeorm';
import { notFound } from '../common/errors';
import { sqlTime, toDate, toNum } from '../database/raw';
import { Need } from '../needs/need.entity';
import { ConsultMeeting, MeetingSignup } from './meeting.entity';
import { ConsultOption, ConsultTopic, ConsultTopicNeed } from './topic.entity';

/** Named reads of the consultation tables, each taking the caller's EntityManager (inside or outside a transaction). */

export async function findTopic(m: EntityManager, id: number): Promise<ConsultTopic> {
  const topic = await m.findOne(ConsultTopic, { where: { id } });
  if (!topic) throw notFound('该议题');
  return topic;
}

export async function findMeeting(m: EntityManager, id: number): Promise<ConsultMeeting> {
  const meeting = await m.findOne(ConsultMeeting, { where: { id } });
  if (!meeting) throw notFound('该议事会');
  return meeting;
}

/** A topic's options in their order. */
export function optionsOfTopic(m: EntityManager, topicId: number): Promise<ConsultOption[]> {
  return m.find(ConsultOption, { where: { topicId }, order: { sort: 'ASC' } });
}

/** The needs brought to a topic, in the order they were linked. Projects started from its resolution take them over. */
export async function linkedNeedsOfTopic(m: EntityManager, topicId: number): Promise<Need[]> {
  const links = await m.find(ConsultTopicNeed, { where: { topicId }, order: { id: 'ASC' } });
  return links.length ? m.find(Need, { where: { id: In(links.map((l) => l.needId)) }, order: { id: 'ASC' } }) : [];
}

/** A topic's meetings, earliest first. */
export function meetingsOfTopic(m: EntityManager, topicId: number): Promise<ConsultMeeting[]> {
  return m.find(ConsultMeeting, { where: { topicId }, order: { startsAt: 'ASC', id: 'ASC' } });
}

/** How many residents voted online on a topic. */
export async function countOnlineVoters(m: EntityManager, topicId: number): Promise<number> {
  const [{ n }] = await m.query('SELECT COUNT(*) AS n FROM consult_vote WHERE topic_id = ?', [topicId]);
  return toNum(n);
}

/** Online votes per option of a topic: option id → votes. */
export async function onlineVotesByOption(m: EntityManager, topicId: number): Promise<Map<number, number>> {
  const rows: Array<{ option_id: unknown; n: unknown }> = await m.query('SELECT option_id, COUNT(*) AS n FROM consult_vote WHERE topic_id = ? GROUP BY option_id', [topicId]);
  return new Map(rows.map((r) => [toNum(r.option_id), toNum(r.n)]));
}

/** One person's sign-ups among some meetings. */
export function signupsOf(m: EntityManager, meetingIds: number[], userId: number): Promise<MeetingSignup[]> {
  return m.find(MeetingSignup, { where: { meetingId: In(meetingIds), userId } });
}

/**
 * The service project started from a resolution, if any. Raw SQL on purpose: service_project
 * belongs to projects/, which imports this folder; reading the one id here keeps the imports one way.
 */
export async function projectIdOfResolution(m: EntityManager, resolutionId: number): Promise<number | null> {
  const rows: Array<{ id: unknown }> = await m.query('SELECT id FROM service_project WHERE resolution_id = ?', [resolutionId]);
  return rows.length ? toNum(rows[0].id) : null;
}

/** A topic of a list (the columns a list item shows) with its counts and next meeting. */
export interface TopicListRow {
  topic: ConsultTopic;
  needCount: number;
  meetingCount: number;
  nextMeetingAt: Date | null;
}

/**
 * A community's topics, newest first (at most 100), with how many needs and meetings each has and
 * its earliest scheduled meeting after `now` — one SELECT, as bench-bare.js reads them (#15).
 */
export async function findTopicListRows(m: EntityManager, communityId: number, now: Date): Promise<TopicListRow[]> {
  const { entities, raw } = await m
    .createQueryBuilder(ConsultTopic, 't')
    .select(['t.id', 't.title', 't.status', 't.voteStartsAt', 't.voteEndsAt', 't.createdAt'])
    .addSelect('(SELECT COUNT(*) FROM consult_topic_need l WHERE l.topic_id = t.id)', 'need_count')
    .addSelect('(SELECT COUNT(*) FROM consult_meeting x WHERE x.topic_id = t.id)', 'meeting_count')
    .addSelect("(SELECT MIN(x.starts_at) FROM consult_meeting x WHERE x.topic_id = t.id AND x.status = 'scheduled' AND x.starts_at > :now)", 'next_meeting_at')
    .where('t.community_id = :cid', { cid: communityId, now: sqlTime(m, now) })
    .orderBy('t.id', 'DESC')
    .limit(100)
    .getRawAndEntities<{ t_id: unknown; need_count: unknown; meeting_count: unknown; next_meeting_at: unknown }>();
  const extra = new Map(raw.map((r) => [toNum(r.t_id), r]));
  return entities.map((topic) => {
    const r = extra.get(topic.id);
    return { topic, needCount: toNum(r?.need_count), meetingCount: toNum(r?.meeting_count), nextMeetingAt: r?.next_meeting_at == null ? null : toDate(r.next_meeting_at) };
  });
}
