/**
 * Community consultation (社区协商): topics (议题) with options and a voting window, meetings
 * (议事会) with capacity-bounded sign-up, online and hand-counted votes, and the published
 * resolution (议定事项). Times are ISO strings (UTC).
 */
import type { NeedStatus } from './needs';
import type { PhotoView } from './uploads';

/** open: collecting votes (inside its window) and meetings; resolved: its resolution is published. */
export const TOPIC_STATUSES = ['open', 'resolved'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];
export const TOPIC_STATUS_LABEL: Record<TopicStatus, string> = { open: '协商中', resolved: '已形成议定事项' };

/** Where the voting window is now (server clock). */
export type VotingState = 'not_started' | 'open' | 'closed';

/** 居民议事会, 小板凳议事会, 有事好商量. */
export const MEETING_KINDS = ['council', 'bench', 'talk'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABEL: Record<MeetingKind, string> = { council: '居民议事会', bench: '小板凳议事会', talk: '有事好商量' };

/** scheduled: sign-up open until it starts; held: attendance and minutes recorded. */
export const MEETING_STATUSES = ['scheduled', 'held'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABEL: Record<MeetingStatus, string> = { scheduled: '报名中', held: '已召开' };

/** 议定事项 outcomes: what happens to the topic's needs. */
export const RESOLUTION_OUTCOMES = ['project', 'resourcing', 'handle', 'close'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];
export const RESOLUTION_OUTCOME_LABEL: Record<ResolutionOutcome, string> = {
  project: '立项实施（服务项目）',
  resourcing: '筹集慈善资源',
  handle: '交由社区直接办理',
  close: '暂不实施（说明原因）',
};

export interface TopicOption {
  id: number;
  label: string;
}

/** One option's votes: online and offline (hand-counted at the meeting) apart, and together. */
export interface OptionResult {
  optionId: number;
  label: string;
  online: number;
  offline: number;
  total: number;
}

/** The vote figures, online and offline kept apart; frozen into the resolution when it is published. */
export interface ResolutionFigures {
  options: OptionResult[];
  online: number;
  offline: number;
  total: number;
}

/** A need linked to a topic or a project, shown by title. */
export interface LinkedNeed {
  id: number;
  title: string;
  status: NeedStatus;
  statusLabel: string;
}

export interface TopicListItem {
  id: number;
  title: string;
  status: TopicStatus;
  statusLabel: string;
  voteStartsAt: string;
  voteEndsAt: string;
  voting: VotingState;
  needCount: number;
  meetingCount: number;
  nextMeetingAt: string | null;
  createdAt: string;
}

export interface MeetingView {
  id: number;
  topicId: number;
  kind: MeetingKind;
  kindLabel: string;
  startsAt: string;
  place: string;
  capacity: number;
  signedUp: number;
  seatsLeft: number;
  agenda: string;
  status: MeetingStatus;
  statusLabel: string;
  minutes: string | null;
  attendedCount: number | null;
  walkInCount: number | null;
  recordedAt: string | null;
  photoCount: number;
  /** Only for people with a role on or above the community (photos may show people). */
  photos: PhotoView[] | null;
  /** The caller's own sign-up (null when not logged in). */
  mySignup: { signedUp: boolean; attended: boolean } | null;
}

export interface ResolutionView {
  id: number;
  topicId: number;
  text: string;
  outcome: ResolutionOutcome;
  outcomeLabel: string;
  adoptedOptionId: number | null;
  adoptedOptionLabel: string | null;
  figures: ResolutionFigures;
  closeReason: string | null;
  publishedAt: string;
  projectId: number | null;
}

export interface TopicView {
  id: number;
  communityId: number;
  communityName: string;
  title: string;
  description: string;
  status: TopicStatus;
  statusLabel: string;
  voteStartsAt: string;
  voteEndsAt: string;
  voting: VotingState;
  options: TopicOption[];
  /** Linked needs: public ones by title (all of them for staff), private ones counted only. */
  needs: LinkedNeed[];
  privateNeedCount: number;
  /** How many residents voted online so far (the split by option waits for the window to close). */
  onlineVoters: number;
  /** Online and offline figures, shown separately; null while voting is open. */
  results: ResolutionFigures | null;
  meetings: MeetingView[];
  resolution: ResolutionView | null;
  /** The caller's relation (null when not logged in). */
  /** voteBlocked: why a resident of this community who declared a residence cannot vote yet (not confirmed, or returned). */
  me: { canVote: boolean; voteBlocked: string | null; myOptionId: number | null; staff: boolean } | null;
  createdAt: string;
}

/** Who signed up for a meeting (staff): nickname and masked phone only, enough to take attendance. */
export interface MeetingSignupView {
  userId: number;
  nickname: string | null;
  phoneMasked: string | null;
  attended: boolean;
  signedUpAt: string;
}

export interface CreateTopicInput {
  communityId: number;
  title: string;
  description: string;
  /** 2–10 distinct labels. */
  options: string[];
  /** Now when left out. */
  voteStartsAt?: string;
  voteEndsAt: string;
  needIds?: number[];
}

export interface CreateMeetingInput {
  kind: MeetingKind;
  startsAt: string;
  place: string;
  capacity: number;
  agenda: string;
}

/** Attendance and minutes in one go, after the meeting. */
export interface RecordMeetingInput {
  minutes: string;
  /** Signed-up residents who came. */
  attendedUserIds?: number[];
  /** People who came without signing up. */
  walkIns?: number;
  photoIds?: number[];
}

/** A resident's vote (again = change, while the window is open); `subscribed`: the templates the person allowed. */
export interface VoteInput {
  optionId: number;
  subscribed?: string[];
}

export interface OfflineCountInput {
  optionId: number;
  count: number;
}

/** Hand-counted votes from a meeting, per option (replacing earlier figures). */
export interface OfflineVotesInput {
  counts: OfflineCountInput[];
  meetingId?: number;
}

export interface PublishResolutionInput {
  text: string;
  outcome: ResolutionOutcome;
  adoptedOptionId?: number;
  /** Required when the outcome is `close`: residents read it. */
  reason?: string;
}
