import { type EntityManager, In } from 'typeorm';
import { notFound } from '../common/errors';
import type { TopicStatus } from '../contract/consultation';
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
  topic: Pick<ConsultTopic, 'id' | 'title' | 'status' | 'voteStartsAt' | 'voteEndsAt' | 'createdAt'>;
  needCount: number;
  meetingCount: number;
  nextMeetingAt: Date | null;
}

/**
 * A community's topics, newest first (at most 100), with how many needs and meetings each has and
 * its earliest scheduled meeting after `now` — one SELECT, as bench-bare.js reads them, in raw SQL
 * (no query building or entity hydration per request, #15).
 */
export async function findTopicListRows(m: EntityManager, communityId: number, now: Date): Promise<TopicListRow[]> {
  const rows: Array<{
    id: unknown;
    title: string;
    status: TopicStatus;
    vote_starts_at: unknown;
    vote_ends_at: unknown;
    created_at: unknown;
    need_count: unknown;
    meeting_count: unknown;
    next_meeting_at: unknown;
  }> = await m.query(
    `SELECT t.id, t.title, t.status, t.vote_starts_at, t.vote_ends_at, t.created_at,
            (SELECT COUNT(*) FROM consult_topic_need l WHERE l.topic_id = t.id) AS need_count,
            (SELECT COUNT(*) FROM consult_meeting x WHERE x.topic_id = t.id) AS meeting_count,
            (SELECT MIN(x.starts_at) FROM consult_meeting x WHERE x.topic_id = t.id AND x.status = 'scheduled' AND x.starts_at > ?) AS next_meeting_at
       FROM consult_topic t WHERE t.community_id = ? ORDER BY t.id DESC LIMIT 100`,
    [sqlTime(m, now), communityId],
  );
  return rows.map((r) => ({
    topic: { id: toNum(r.id), title: r.title, status: r.status, voteStartsAt: toDate(r.vote_starts_at), voteEndsAt: toDate(r.vote_ends_at), createdAt: toDate(r.created_at) },
    needCount: toNum(r.need_count),
    meetingCount: toNum(r.meeting_count),
    nextMeetingAt: r.next_meeting_at == null ? null : toDate(r.next_meeting_at),
  }));
}
