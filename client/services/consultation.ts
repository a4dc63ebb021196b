/**
 * The consultation and projects API (server/src/consultation, server/src/projects), through
 * `request` from api.ts. Types in consultation-types.ts. Used by the 'loop' subpackage
 * (residents, organization members, social workers) and the workbench (staff).
 */
import { query, request } from './api';
import type { Paged } from '@contract/common';
import type {
  CompleteInput,
  CreateMeetingInput,
  CreateProjectInput,
  CreateTopicInput,
  EvalCriterion,
  EvaluateInput,
  GuidanceInput,
  GuidanceRecord,
  MeetingView,
  OrgOption,
  OfflineVotesInput,
  ProgressInput,
  ProjectListItem,
  ProjectPublicView,
  ProjectWorkView,
  PublishResolutionInput,
  RecordMeetingInput,
  RosterEntry,
  SignOffInput,
  TopicListItem,
  TopicView,
} from './consultation-types';

export const consultationApi = {
  // ---------------------------------------------------------------- topics (residents)
  topics: (communityId: number) => request<TopicListItem[]>('/api/consultation/topics' + query({ communityId })),
  topic: (id: number) => request<TopicView>(`/api/consultation/topics/${id}`),
  /** Casting again changes the vote while the window is open. toast: false — the page shows the outcome. */
  vote: (id: number, optionId: number, subscribed: string[] = []) =>
    request<TopicView>(`/api/consultation/topics/${id}/vote`, { method: 'POST', data: subscribed.length ? { optionId, subscribed } : { optionId }, toast: false }),
  meetingSignup: (meetingId: number, subscribed: string[] = []) =>
    request<MeetingView>(`/api/consultation/meetings/${meetingId}/signup`, { method: 'POST', data: subscribed.length ? { subscribed } : {}, toast: false }),
  cancelMeetingSignup: (meetingId: number) => request<MeetingView>(`/api/consultation/meetings/${meetingId}/signup`, { method: 'DELETE', toast: false }),

  // ---------------------------------------------------------------- topics (staff)
  /** toast: false — the form shows the reasons next to the fields. */
  createTopic: (input: CreateTopicInput) => request<TopicView>('/api/consultation/topics', { method: 'POST', data: input, toast: false }),
  createMeeting: (topicId: number, input: CreateMeetingInput) =>
    request<MeetingView>(`/api/consultation/topics/${topicId}/meetings`, { method: 'POST', data: input, toast: false }),
  roster: (meetingId: number) => request<RosterEntry[]>(`/api/consultation/meetings/${meetingId}/signups`),
  /** After the meeting, once: attendance, walk-ins, minutes and photos. */
  recordMeeting: (meetingId: number, input: RecordMeetingInput) => request<MeetingView>(`/api/consultation/meetings/${meetingId}/record`, { method: 'POST', data: input, toast: false }),
  offlineVotes: (topicId: number, input: OfflineVotesInput) => request<TopicView>(`/api/consultation/topics/${topicId}/offline-votes`, { method: 'PUT', data: input }),
  publishResolution: (topicId: number, input: PublishResolutionInput) =>
    request<TopicView>(`/api/consultation/topics/${topicId}/resolution`, { method: 'POST', data: input, toast: false }),

  // ---------------------------------------------------------------- who can carry out and guide a project (staff)
  orgs: (nodeId: number) => request<OrgOption[]>('/api/orgs' + query({ nodeId })),
  socialWorkers: (nodeId: number) =>
    request<Paged<{ userId: number; nickname: string; nodeName: string }>>('/api/roles' + query({ nodeId, role: 'social_worker', limit: 100 })),

  // ---------------------------------------------------------------- projects
  /** Public: anyone may read a project's page (no personal data). */
  publicProject: (id: number) => request<ProjectPublicView>(`/api/projects/${id}/public`, { auth: false }),
  publicProjects: (communityId: number) => request<ProjectListItem[]>('/api/projects/public' + query({ communityId }), { auth: false }),
  /** Staff: the projects of a node's subtree. */
  projects: (nodeId: number) => request<ProjectListItem[]>('/api/projects' + query({ nodeId })),
  myProjects: () => request<ProjectListItem[]>('/api/projects/mine'),
  /** The working view for the people on the project (org member, social worker, staff); others get the public view. */
  project: (id: number) => request<ProjectWorkView | ProjectPublicView>(`/api/projects/${id}`),
  createProject: (input: CreateProjectInput) => request<ProjectWorkView>('/api/projects', { method: 'POST', data: input, toast: false }),
  postProgress: (id: number, input: ProgressInput) => request<ProjectWorkView>(`/api/projects/${id}/progress`, { method: 'POST', data: input, toast: false }),
  /** The completion report (after the social worker's sign-off), with evidence photos. */
  complete: (id: number, input: CompleteInput) => request<ProjectWorkView>(`/api/projects/${id}/complete`, { method: 'POST', data: input, toast: false }),
  guidance: (id: number) => request<GuidanceRecord[]>(`/api/projects/${id}/guidance`),
  writeGuidance: (id: number, input: GuidanceInput) => request<GuidanceRecord>(`/api/projects/${id}/guidance`, { method: 'POST', data: input, toast: false }),
  criteria: () => request<EvalCriterion[]>('/api/projects/criteria', { auth: false }),
  /** Staff score a completed project (once). */
  evaluate: (id: number, input: EvaluateInput) => request<ProjectWorkView>(`/api/projects/${id}/evaluation`, { method: 'POST', data: input, toast: false }),
  signOff: (id: number, input: SignOffInput) => request<ProjectWorkView>(`/api/projects/${id}/sign-off`, { method: 'POST', data: input, toast: false }),
};
