/**
 * Types of the consultation and projects API (server/src/consultation, server/src/projects):
 * topics (议题) with options and a voting window, meetings (议事会), resolutions (议定事项),
 * service projects (服务项目) with milestones, progress, completion report, guidance records,
 * sign-off and evaluation. Times are ISO strings (UTC); money is integer fen.
 */
import type { PhotoView } from '@contract/uploads';
import type { NeedStatus } from '@contract/needs';

// ------------------------------------------------------------------------ topics (server/src/consultation/consultation.service.ts)

export type TopicStatus = 'open' | 'resolved';
/** Where the voting window is now (server clock). */
export type VotingState = 'not_started' | 'open' | 'closed';
export type MeetingStatus = 'scheduled' | 'held';

export interface TopicOption {
  id: number;
  label: string;
}

/** Online and offline (hand-counted at the meeting) figures, kept apart; frozen into the resolution. */
export interface TopicResults {
  options: Array<{ optionId: number; label: string; online: number; offline: number; total: number }>;
  online: number;
  offline: number;
  total: number;
}
export type OptionResult = TopicResults['options'][number];

export interface TopicNeed {
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
  figures: TopicResults;
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
  /** Linked needs: public ones by title, private ones counted only. */
  needs: TopicNeed[];
  privateNeedCount: number;
  /** How many residents voted online so far (the split by option waits for the window to close). */
  onlineVoters: number;
  /** null while voting is open. */
  results: TopicResults | null;
  meetings: MeetingView[];
  resolution: ResolutionView | null;
  /** The caller's relation (null when not logged in). */
  me: { canVote: boolean; myOptionId: number | null; staff: boolean } | null;
  createdAt: string;
}

export type MeetingKind = 'council' | 'bench' | 'talk';
export const MEETING_KINDS: Array<{ key: MeetingKind; label: string }> = [
  { key: 'bench', label: '小板凳议事会' },
  { key: 'council', label: '居民议事会' },
  { key: 'talk', label: '有事好商量' },
];

/** server CreateTopicDto */
export interface CreateTopicInput {
  communityId: number;
  title: string;
  description: string;
  /** 2–10 labels. */
  options: string[];
  voteStartsAt?: string;
  voteEndsAt: string;
  needIds?: number[];
}

/** server CreateMeetingDto */
export interface CreateMeetingInput {
  kind: MeetingKind;
  startsAt: string;
  place: string;
  capacity: number;
  agenda: string;
}

/** server RecordMeetingDto: attendance and minutes in one go, after the meeting. */
export interface RecordMeetingInput {
  minutes: string;
  attendedUserIds?: number[];
  walkIns?: number;
  photoIds?: number[];
}

/** GET meeting sign-ups (staff). */
export interface RosterEntry {
  userId: number;
  nickname: string | null;
  phoneMasked: string | null;
  attended: boolean;
  signedUpAt: string;
}

/** server OfflineVotesDto */
export interface OfflineVotesInput {
  counts: Array<{ optionId: number; count: number }>;
  meetingId?: number;
}

export type ResolutionOutcome = 'project' | 'resourcing' | 'handle' | 'close';
export const RESOLUTION_OUTCOMES: Array<{ key: ResolutionOutcome; label: string }> = [
  { key: 'project', label: '立项实施（服务项目）' },
  { key: 'resourcing', label: '筹集慈善资源' },
  { key: 'handle', label: '交由社区直接办理' },
  { key: 'close', label: '暂不实施（说明原因）' },
];

/** server PublishResolutionDto */
export interface PublishResolutionInput {
  text: string;
  outcome: ResolutionOutcome;
  adoptedOptionId?: number;
  reason?: string;
}

// ------------------------------------------------------------------------ projects (server/src/projects/projects.service.ts)

export type ProjectStatus = 'active' | 'completed' | 'evaluated';
export type GuidanceForm = 'case' | 'group' | 'community' | 'supervision';

export const GUIDANCE_FORMS: Array<{ key: GuidanceForm; label: string }> = [
  { key: 'case', label: '个案' },
  { key: 'group', label: '小组' },
  { key: 'community', label: '社区' },
  { key: 'supervision', label: '督导' },
];

export interface GuidanceRecord {
  id: number;
  projectId: number;
  projectTitle: string;
  communityName: string;
  guidedOn: string;
  form: GuidanceForm;
  formLabel: string;
  content: string;
  issues: string;
  nextSteps: string;
  createdAt: string;
}

export interface ProgressUpdate {
  id: number;
  at: string;
  milestoneId: number | null;
  milestoneTitle: string | null;
  text: string;
  peopleServed: number;
  photoCount: number;
  photos?: PhotoView[];
}

/** The public page of a project: no personal data (people are roles; photos are counted, not shown). */
export interface ProjectPublicView {
  id: number;
  title: string;
  domain: ProjectDomain;
  domainLabel: string;
  summary: string;
  communityId: number;
  communityName: string;
  status: ProjectStatus;
  statusLabel: string;
  organization: { id: number; name: string; kindLabel: string };
  budgetFen: number;
  /** Fund allocations approved for this project, and those posted (spent). */
  allocatedFen: number;
  spentFen: number;
  startsOn: string;
  endsOn: string;
  peopleServed: number;
  milestones: Array<{ id: number; title: string; plannedOn: string; doneOn: string | null }>;
  progress: ProgressUpdate[];
  guidanceCount: number;
  signedOff: boolean;
  signedOffAt: string | null;
  completionReport: string | null;
  completedAt: string | null;
  evidencePhotoCount: number;
  evaluation: { totalScore: number; criteria: Array<{ label: string; weight: number; score: number }>; comment: string; evaluatedAt: string } | null;
  /** Residents' ratings of the project's needs (1–5). */
  residentRating: { average: number | null; count: number };
  resolution: { id: number; topicId: number; topicTitle: string; text: string; figures: TopicResults; publishedAt: string } | null;
  needs: Array<{ id: number; title: string; status: NeedStatus; statusLabel: string }>;
  createdAt: string;
}

/** What the organization member, the social worker and staff see. */
export interface ProjectWorkView extends ProjectPublicView {
  orgId: number;
  socialWorkerId: number;
  signOffComment: string | null;
  evidencePhotos: PhotoView[];
  privateNeedCount: number;
  relation: { staff: boolean; socialWorker: boolean; orgMember: boolean };
  /** What the caller may do now (buttons). */
  can: { postProgress: boolean; addGuidance: boolean; signOff: boolean; complete: boolean; evaluate: boolean };
}

export interface ProjectListItem {
  id: number;
  title: string;
  domainLabel: string;
  communityName: string;
  organizationName: string;
  status: ProjectStatus;
  statusLabel: string;
  budgetFen: number;
  peopleServed: number;
  score: number | null;
  startsOn: string;
  endsOn: string;
}

/** A scorecard criterion (GET /projects/criteria); active weights add up to 100. */
export interface EvalCriterion {
  id: number;
  key: string;
  label: string;
  weight: number;
}

/** server EvaluateDto: a score for every active criterion. */
export interface EvaluateInput {
  scores: Array<{ criterionId: number; score: number }>;
  comment: string;
}

/** An organization that may carry out a project (GET /api/orgs). */
export interface OrgOption {
  id: number;
  name: string;
  kind: string;
  kindLabel: string;
  nodeName: string;
}

export type ProjectDomain = 'elderly' | 'disability' | 'children' | 'assistance' | 'community' | 'other';
export const PROJECT_DOMAINS: Array<{ key: ProjectDomain; label: string }> = [
  { key: 'elderly', label: '养老' },
  { key: 'disability', label: '助残' },
  { key: 'children', label: '儿童' },
  { key: 'assistance', label: '救助' },
  { key: 'community', label: '社区发展' },
  { key: 'other', label: '其他' },
];

/** server CreateProjectDto (dates YYYY-MM-DD). */
export interface CreateProjectInput {
  communityId: number;
  resolutionId?: number;
  needIds?: number[];
  title: string;
  domain: ProjectDomain;
  summary: string;
  orgId: number;
  socialWorkerId?: number;
  budgetFen: number;
  startsOn: string;
  endsOn: string;
  milestones: Array<{ title: string; plannedOn: string }>;
}

/** server ProgressDto */
export interface ProgressInput {
  text: string;
  milestoneId?: number;
  milestoneDone?: boolean;
  peopleServed: number;
  photoIds?: number[];
}

/** server GuidanceDto */
export interface GuidanceInput {
  guidedOn: string;
  form: GuidanceForm;
  content: string;
  issues?: string;
  nextSteps?: string;
}

/** server SignOffDto */
export interface SignOffInput {
  comment: string;
}

/** server CompleteDto: the completion report with at least one evidence photo. */
export interface CompleteInput {
  report: string;
  evidencePhotoIds: number[];
}
