import type { Principal, RoleGrant } from '../auth/principal';
import type { ResolutionFigures, ResolutionOutcome, VotingState } from '../contract/consultation';
import type { NeedStatus } from '../needs/need-status';
import type { NeedActor } from '../needs/need-workflow.service';
import type { ConsultOption, ConsultTopic } from './topic.entity';

/** The audit trail's names for the two aggregates. */
export const TOPIC_ENTITY = 'consult_topic';
export const MEETING_ENTITY = 'consult_meeting';

/** The mini-program page (loop subpackage) an inbox row or subscribe message opens. */
export const topicPage = (id: number) => `loop/pages/topic/index?id=${id}`;

/** The longest voting window. */
export const MAX_VOTE_WINDOW_MS = 60 * 86_400_000;

/** Where the voting window is now: a resolved topic is closed whatever its window says. */
export function votingState(topic: Pick<ConsultTopic, 'status' | 'voteStartsAt' | 'voteEndsAt'>, now: Date): VotingState {
  if (topic.status === 'resolved' || now >= topic.voteEndsAt) return 'closed';
  return now < topic.voteStartsAt ? 'not_started' : 'open';
}

/** Where a resolution moves the topic's needs that wait in consultation; a project moves them when it is created. */
export function outcomeTarget(outcome: ResolutionOutcome): NeedStatus | null {
  switch (outcome) {
    case 'project':
      return null; // moves to in_project when the project is created from the resolution
    case 'resourcing':
      return 'resourcing';
    case 'handle':
      return 'in_progress';
    case 'close':
      return 'closed_infeasible';
  }
}

/** Staff acting on a need through consultation. */
export function staffActor(principal: Principal, grant: RoleGrant): NeedActor {
  return { userId: principal.userId, kinds: ['staff'], roles: { staff: grant.role } };
}

/** Online votes counted per option (`online`: option id → votes), offline (hand-counted) kept separate. */
export function tally(options: ReadonlyArray<Pick<ConsultOption, 'id' | 'label' | 'offlineVotes'>>, online: ReadonlyMap<number, number>): ResolutionFigures {
  const list = options.map((o) => {
    const on = online.get(o.id) ?? 0;
    return { optionId: o.id, label: o.label, online: on, offline: o.offlineVotes, total: on + o.offlineVotes };
  });
  const sum = (k: 'online' | 'offline') => list.reduce((s, x) => s + x[k], 0);
  return { options: list, online: sum('online'), offline: sum('offline'), total: sum('online') + sum('offline') };
}
