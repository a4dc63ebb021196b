/**
 * The consultation and projects API (server/src/consultation, server/src/projects), through
 * `request` from api.ts. The types are the server's own (server/src/contract/consultation.ts and
 * projects.ts). Used by the 'loop' subpackage (residents, organization members, social workers)
 * and the workbench (staff).
 */
import { query, request } from './api';
import type { Paged } from '@contract/common';
import type {
  CreateMeetingInput,
  CreateTopicInput,
  MeetingSignupView,
  MeetingView,
  OfflineVotesInput,
  PublishResolutionInput,
  RecordMeetingInput,
  TopicListItem,
  TopicView,
} from '@contract/consultation';
import type {
  CompleteInput,
  CreateProjectInput,
  EvalCriterionView,
  EvaluateInput,
  GuidanceInput,
  GuidanceView,
  ProgressInput,
  ProjectListItem,
  ProjectPageView,
  ProjectView,
  PublicProjectView,
  SignOffInput,
  WaiveMilestoneInput,
  MySwCertificate,
  ProjectTaskItem,
  ReviseCriteriaInput,
  SwCertificateInput,
} from '@contract/projects';
import type { MemberRoleView, OrgView } from '@contract/users';

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
  roster: (meetingId: number) => request<MeetingSignupView[]>(`/api/consultation/meetings/${meetingId}/signups`),
  /** After the meeting, once: attendance, walk-ins, minutes and photos. */
  recordMeeting: (meetingId: number, input: RecordMeetingInput) => request<MeetingView>(`/api/consultation/meetings/${meetingId}/record`, { method: 'POST', data: input, toast: false }),
  offlineVotes: (topicId: number, input: OfflineVotesInput) => request<TopicView>(`/api/consultation/topics/${topicId}/offline-votes`, { method: 'PUT', data: input }),
  publishResolution: (topicId: number, input: PublishResolutionInput) =>
    request<TopicView>(`/api/consultation/topics/${topicId}/resolution`, { method: 'POST', data: input, toast: false }),

  // ---------------------------------------------------------------- who can carry out and guide a project (staff)
  orgs: (nodeId: number) => request<OrgView[]>('/api/orgs' + query({ nodeId })),
  socialWorkers: (nodeId: number) =>
    request<Paged<MemberRoleView>>('/api/roles' + query({ nodeId, role: 'social_worker', limit: 100 })),
  /** The volunteer tasks made for the project's needs (the people on the project). */
  projectTasks: (id: number) => request<ProjectTaskItem[]>(`/api/projects/${id}/tasks`, { toast: false }),
  /** 社工证: the signed-in social worker's own certificate. */
  myCertificate: () => request<MySwCertificate>('/api/social-workers/me/certificate'),
  recordCertificate: (input: SwCertificateInput) => request<MySwCertificate>('/api/social-workers/me/certificate', { method: 'PUT', data: input, toast: false }),

  // ---------------------------------------------------------------- projects
  /** Public: anyone may read a project's page (no personal data). */
  publicProject: (id: number) => request<PublicProjectView>(`/api/projects/${id}/public`, { auth: false }),
  publicProjects: (communityId: number) => request<ProjectListItem[]>('/api/projects/public' + query({ communityId }), { auth: false }),
  /** Staff: the projects of a node's subtree. */
  projects: (nodeId: number) => request<ProjectListItem[]>('/api/projects' + query({ nodeId })),
  myProjects: () => request<ProjectListItem[]>('/api/projects/mine'),
  /** The working view for the people on the project (org member, social worker, staff); others get the public view. */
  project: (id: number) => request<ProjectPageView>(`/api/projects/${id}`),
  createProject: (input: CreateProjectInput) => request<ProjectView>('/api/projects', { method: 'POST', data: input, toast: false }),
  postProgress: (id: number, input: ProgressInput) => request<ProjectView>(`/api/projects/${id}/progress`, { method: 'POST', data: input, toast: false }),
  /** The completion report (after the social worker's sign-off), with evidence photos. */
  complete: (id: number, input: CompleteInput) => request<ProjectView>(`/api/projects/${id}/complete`, { method: 'POST', data: input, toast: false }),
  guidance: (id: number) => request<GuidanceView[]>(`/api/projects/${id}/guidance`),
  writeGuidance: (id: number, input: GuidanceInput) => request<GuidanceView>(`/api/projects/${id}/guidance`, { method: 'POST', data: input, toast: false }),
  criteria: () => request<EvalCriterionView[]>('/api/projects/criteria', { auth: false }),
  /** A district's staff or admin revise the criteria: the whole set, a new version. */
  reviseCriteria: (input: ReviseCriteriaInput) => request<EvalCriterionView[]>('/api/projects/criteria', { method: 'PUT', data: input, toast: false }),
  /** Staff score a completed project (once). */
  evaluate: (id: number, input: EvaluateInput) => request<ProjectView>(`/api/projects/${id}/evaluation`, { method: 'POST', data: input, toast: false }),
  waiveMilestone: (id: number, milestoneId: number, input: WaiveMilestoneInput) =>
    request<ProjectView>(`/api/projects/${id}/milestones/${milestoneId}/waive`, { method: 'POST', data: input, toast: false }),
  signOff: (id: number, input: SignOffInput) => request<ProjectView>(`/api/projects/${id}/sign-off`, { method: 'POST', data: input, toast: false }),
};
