import type { PhotoView } from '@contract/uploads';

/** Needs (server/src/needs/needs.service.ts, need-status.ts). */
export type NeedStatus =
  | 'reported'
  | 'accepted'
  | 'rejected'
  | 'merged'
  | 'in_consultation'
  | 'resourcing'
  | 'in_project'
  | 'in_progress'
  | 'done'
  | 'rated'
  | 'closed_no_feedback'
  | 'closed_infeasible'
  | 'closed_referred';
export type Urgency = 'normal' | 'urgent' | 'critical';
export type StepState = 'done' | 'skipped' | 'current' | 'pending';
export type LoopStepKey = 'need' | 'consultation' | 'resources' | 'implementation' | 'guidance' | 'volunteers' | 'feedback';

export interface Category {
  id: number;
  key: string;
  label: string;
}

export interface NeedListItem {
  id: number;
  communityId: number;
  communityName: string;
  categoryLabel: string;
  title: string;
  status: NeedStatus;
  statusLabel: string;
  urgency: Urgency;
  urgencyLabel: string;
  priority: number;
  meTooCount: number;
  createdAt: string;
  updatedAt: string;
}

export type MyNeedItem = NeedListItem & { relation: 'reporter' | 'me_too' | 'merged' };
export type SimilarNeed = NeedListItem & { meToo: boolean; mine: boolean };

export interface NeedAction {
  to: NeedStatus;
  action: string;
  requires: readonly string[];
}

export interface NeedView {
  id: number;
  communityId: number;
  communityName: string;
  category: Category;
  title: string;
  description: string;
  status: NeedStatus;
  statusLabel: string;
  urgency: Urgency;
  urgencyLabel: string;
  isPublic: boolean;
  meTooCount: number;
  photos: PhotoView[];
  evidencePhotos: PhotoView[];
  doneNote: string | null;
  rating: number | null;
  ratingComment: string | null;
  lastReason: string | null;
  referredTo: string | null;
  mergedIntoId: number | null;
  createdAt: string;
  acceptedAt: string | null;
  doneAt: string | null;
  closedAt: string | null;
  /** Present only in the full view (reporter, followers, handler, covering staff). */
  priority?: number;
  reopenCount?: number;
  feedbackDueAt?: string | null;
  handlerId?: number | null;
  relation?: { reporter: boolean; follower: boolean; handler: boolean; staff: boolean; meToo: boolean };
  actions?: NeedAction[];
  location?: { kind: 'residence' | 'pin' | 'none'; building: string | null; unit: string | null; lat: number | null; lng: number | null; address: string | null } | null;
  reporter?: { proxy: boolean; nickname: string | null; phoneMasked: string | null; proxyNameMasked: string | null } | null;
}

export interface TimelineStep {
  key: LoopStepKey;
  label: string;
  state: StepState;
}

export interface TimelineEvent {
  id: number;
  at: string;
  kind: 'report' | 'status' | 'step' | 'merged_in';
  action: string;
  fromStatus: NeedStatus | null;
  toStatus: NeedStatus | null;
  fromLabel: string | null;
  toLabel: string | null;
  actorRole: string | null;
  actorRoleLabel: string;
  reason: string | null;
  note: string | null;
  rating: number | null;
  comment: string | null;
  referredTo: string | null;
  mergedIntoId: number | null;
  fromNeedId: number | null;
  step: LoopStepKey | null;
  /** The topic / service project the event belongs to, when the server names one. */
  topicId?: number | null;
  projectId?: number | null;
}

export interface Timeline {
  need: NeedView;
  steps: TimelineStep[];
  events: TimelineEvent[];
}

export interface MapPin {
  lat: number;
  lng: number;
  address: string;
}

export interface ReportInput {
  communityId?: number;
  categoryId: number;
  title: string;
  description: string;
  photoIds?: number[];
  location: { kind: 'residence' | 'pin' | 'none'; pin?: MapPin };
  urgency: Urgency;
  isPublic: boolean;
  onBehalfOf?: { name: string; phone?: string; building?: string; unit?: string };
  subscribed?: string[];
}

export interface QueueFilter {
  nodeId: number;
  status?: NeedStatus;
  categoryId?: number;
  urgency?: Urgency;
  olderThanDays?: number;
  limit?: number;
  offset?: number;
}
