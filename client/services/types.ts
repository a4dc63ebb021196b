/** Shapes returned by the server (server/src/users/users.service.ts, auth.service.ts, tree). */

export type RoleKey = 'resident' | 'volunteer' | 'social_worker' | 'org_member' | 'staff' | 'admin';
export type NodeLevel = 'district' | 'street' | 'community';

export interface RoleView {
  id: number;
  role: RoleKey;
  roleLabel: string;
  nodeId: number;
  nodeName: string;
  nodeLevel: NodeLevel;
  nodeLevelLabel: string;
  orgId: number | null;
  orgName: string | null;
}

export interface Residence {
  communityId: number;
  communityName: string;
  streetName: string | null;
  districtName: string | null;
  building: string;
  unit: string;
}

export interface MeView {
  id: number;
  nickname: string;
  phoneMasked: string | null;
  residence: Residence | null;
  roles: RoleView[];
  workbench: boolean;
  manager: boolean;
}

export interface LoginResult {
  token: string;
  expiresIn: number;
  isNew: boolean;
  me: MeView;
}

export interface DemoAccount {
  account: string;
  nickname: string;
  description: string;
}

export interface TreeNode {
  id: number;
  name: string;
  level: NodeLevel;
  levelLabel: string;
  children?: TreeNode[];
}

export interface FieldError {
  field: string;
  message: string;
}

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

export interface Photo {
  id: number;
  mime: string;
  size: number;
  url: string;
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
export interface Paged<T> {
  items: T[];
  total: number;
}

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
  photos: Photo[];
  evidencePhotos: Photo[];
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

export interface InboxItem {
  id: number;
  title: string;
  body: string;
  page: string | null;
  read: boolean;
  createdAt: string;
}
