import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { redactText } from '../common/redact';
import {
  type LinkedNeed,
  MEETING_KIND_LABEL,
  MEETING_STATUS_LABEL,
  type MeetingView,
  RESOLUTION_OUTCOME_LABEL,
  type ResolutionFigures,
  type ResolutionView,
  TOPIC_STATUS_LABEL,
  type TopicListItem,
  type TopicView,
} from '../contract/consultation';
import type { PhotoView } from '../contract/uploads';
import { NEED_STATUS_LABEL } from '../needs/need-status';
import type { Need } from '../needs/need.entity';
import { ErrorCode } from '../common/errors';
import { covers, hasRoleOn, residentBlock } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { UploadsService } from '../uploads/uploads.service';
import { tally, votingState } from './consultation-rules';
import {
  countOnlineVoters,
  findMeeting,
  findTopic,
  linkedNeedsOfTopic,
  meetingsOfTopic,
  onlineVotesByOption,
  optionsOfTopic,
  projectIdOfResolution,
  signupsOf,
} from './consultation-queries';
import type { ConsultMeeting, MeetingSignup } from './meeting.entity';
import type { ConsultOption, ConsultTopic } from './topic.entity';
import { ConsultResolution, ConsultVote } from './vote.entity';

// ------------------------------------------------------------------------------ mappers

/** A need as a topic or a project lists it. */
export const toLinkedNeed = (n: Pick<Need, 'id' | 'title' | 'status'>): LinkedNeed => ({ id: n.id, title: n.title, status: n.status, statusLabel: NEED_STATUS_LABEL[n.status] });

/** The figures frozen into a resolution when it was published. */
export const resolutionFigures = (r: Pick<ConsultResolution, 'figures'>): ResolutionFigures => JSON.parse(r.figures) as ResolutionFigures;

/** A topic in a list: `nextMeetingAt` is its earliest scheduled meeting still to come. */
export function toTopicListItem(t: Pick<ConsultTopic, 'id' | 'title' | 'status' | 'voteStartsAt' | 'voteEndsAt' | 'createdAt'>, needCount: number, meetingCount: number, nextMeetingAt: Date | null, now: Date): TopicListItem {
  return {
    id: t.id,
    title: t.title,
    status: t.status,
    statusLabel: TOPIC_STATUS_LABEL[t.status],
    voteStartsAt: t.voteStartsAt.toISOString(),
    voteEndsAt: t.voteEndsAt.toISOString(),
    voting: votingState(t, now),
    needCount,
    meetingCount,
    nextMeetingAt: nextMeetingAt ? nextMeetingAt.toISOString() : null,
    createdAt: t.createdAt.toISOString(),
  };
}

/**
 * A meeting as `principal` may see it: minutes in full and photos only for people holding a role
 * on or above the community (`member`); for everyone else minutes redacted and photos counted.
 */
export function toMeetingView(x: ConsultMeeting, photos: PhotoView[], member: boolean, principal: Principal | undefined, own: MeetingSignup | undefined): MeetingView {
  return {
    id: x.id,
    topicId: x.topicId,
    kind: x.kind,
    kindLabel: MEETING_KIND_LABEL[x.kind],
    startsAt: x.startsAt.toISOString(),
    place: x.place,
    capacity: x.capacity,
    signedUp: x.signedUpCount,
    seatsLeft: Math.max(0, x.capacity - x.signedUpCount),
    agenda: x.agenda,
    status: x.status,
    statusLabel: MEETING_STATUS_LABEL[x.status],
    minutes: x.minutes ? (member ? x.minutes : redactText(x.minutes)) : null,
    attendedCount: x.attendedCount,
    walkInCount: x.walkInCount,
    recordedAt: x.recordedAt ? x.recordedAt.toISOString() : null,
    photoCount: photos.length,
    photos: member ? photos : null,
    mySignup: principal ? { signedUp: Boolean(own), attended: own?.attended ?? false } : null,
  };
}

export function toResolutionView(r: ConsultResolution, options: ConsultOption[], projectId: number | null): ResolutionView {
  return {
    id: r.id,
    topicId: r.topicId,
    text: r.text,
    outcome: r.outcome,
    outcomeLabel: RESOLUTION_OUTCOME_LABEL[r.outcome],
    adoptedOptionId: r.adoptedOptionId,
    adoptedOptionLabel: options.find((o) => o.id === r.adoptedOptionId)?.label ?? null,
    figures: resolutionFigures(r),
    closeReason: r.closeReason,
    publishedAt: r.publishedAt.toISOString(),
    projectId,
  };
}

// ------------------------------------------------------------------------------ loading

/** Reads topics and meetings into their views (the read side shared by the consultation services). */
@Injectable()
export class ConsultationViews {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly uploads: UploadsService,
    private readonly clock: Clock,
  ) {}

  /** One topic: anyone may read it; results only once the voting window has closed. */
  async topic(principal: Principal | undefined, id: number, m: EntityManager = this.db.manager): Promise<TopicView> {
    const topic = await findTopic(m, id);
    const community = await this.tree.getNode(topic.communityId, m);
    const staff = principal ? hasRoleOn(principal, community, MANAGER_ROLES) : false;
    const now = this.clock.now();
    const options = await optionsOfTopic(m, topic.id);
    const needs = await linkedNeedsOfTopic(m, topic.id);
    const shown = needs.filter((n) => n.isPublic || staff);
    const voting = votingState(topic, now);
    const voters = await countOnlineVoters(m, topic.id);
    const mine = principal ? await m.findOne(ConsultVote, { where: { topicId: topic.id, userId: principal.userId } }) : null;
    const resolution = await m.findOne(ConsultResolution, { where: { topicId: topic.id } });
    const block = principal ? residentBlock(principal, community, '参与投票') : null;
    return {
      id: topic.id,
      communityId: community.id,
      communityName: community.name,
      title: topic.title,
      description: staff ? topic.description : redactText(topic.description),
      status: topic.status,
      statusLabel: TOPIC_STATUS_LABEL[topic.status],
      voteStartsAt: topic.voteStartsAt.toISOString(),
      voteEndsAt: topic.voteEndsAt.toISOString(),
      voting,
      options: options.map((o) => ({ id: o.id, label: o.label })),
      needs: shown.map(toLinkedNeed),
      privateNeedCount: needs.length - shown.length,
      onlineVoters: voters,
      results: voting === 'closed' || topic.status === 'resolved' ? tally(options, await onlineVotesByOption(m, topic.id)) : null,
      meetings: await this.meetings(m, principal, community, await meetingsOfTopic(m, topic.id)),
      resolution: resolution ? await this.resolution(m, resolution, options) : null,
      me: principal
        ? {
            canVote: voting === 'open' && topic.status === 'open' && !block,
            voteBlocked: voting === 'open' && topic.status === 'open' && block?.code === ErrorCode.RESIDENT_UNVERIFIED ? block.message : null,
            myOptionId: mine?.optionId ?? null,
            staff,
          }
        : null,
      createdAt: topic.createdAt.toISOString(),
    };
  }

  async meeting(principal: Principal | undefined, id: number): Promise<MeetingView> {
    const m = this.db.manager;
    const meeting = await findMeeting(m, id);
    const topic = await findTopic(m, meeting.topicId);
    return (await this.meetings(m, principal, await this.tree.getNode(topic.communityId, m), [meeting]))[0];
  }

  async meetings(m: EntityManager, principal: Principal | undefined, community: ServiceNode, meetings: ConsultMeeting[]): Promise<MeetingView[]> {
    if (!meetings.length) return [];
    const ids = meetings.map((x) => x.id);
    const photos = await this.uploads.listLinked('meeting', ids, m);
    const member = principal ? principal.roles.some((g) => covers(g, community)) : false;
    const mine = principal ? await signupsOf(m, ids, principal.userId) : [];
    return meetings.map((x) => toMeetingView(x, photos.get(x.id) ?? [], member, principal, mine.find((s) => s.meetingId === x.id)));
  }

  async resolution(m: EntityManager, r: ConsultResolution, options: ConsultOption[]): Promise<ResolutionView> {
    return toResolutionView(r, options, await projectIdOfResolution(m, r.id));
  }
}
