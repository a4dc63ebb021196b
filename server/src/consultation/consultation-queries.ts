import { type EntityManager, In } from 'typeorm';
import { notFound } from '../common/errors';
import { toNum } from '../database/raw';
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
