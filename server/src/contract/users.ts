import type { NodeLevel } from './tree';

/** The roles a person can hold on a node of the service tree. A role on a node covers its subtree. */
export const ROLES = ['resident', 'volunteer', 'social_worker', 'org_member', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABEL: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  social_worker: '社工',
  org_member: '社会组织成员',
  staff: '社区工作人员',
  admin: '管理员',
};

export interface RoleView {
  id: number;
  role: Role;
  roleLabel: string;
  nodeId: number;
  nodeName: string;
  nodeLevel: NodeLevel;
  nodeLevelLabel: string;
  orgId: number | null;
  orgName: string | null;
}

/**
 * A residence is declared by the resident (申请) and confirmed by the community's staff, who may
 * return it with a reason. Only a confirmed resident votes, presses "我也遇到了" and takes a
 * meeting seat; anyone who declared a residence may report a need there.
 */
export const RESIDENCE_STATUSES = ['applicant', 'confirmed', 'returned'] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];
export const RESIDENCE_STATUS_LABEL: Record<ResidenceStatus, string> = { applicant: '待社区确认', confirmed: '已确认', returned: '已退回' };

export interface ResidenceView {
  communityId: number;
  communityName: string;
  streetName: string | null;
  districtName: string | null;
  building: string;
  unit: string;
  status: ResidenceStatus;
  statusLabel: string;
  /** Why the community returned it (shown to the resident until they submit again). */
  returnReason: string | null;
}

export interface MeView {
  id: number;
  nickname: string;
  phoneMasked: string | null;
  residence: ResidenceView | null;
  roles: RoleView[];
  /** Whether the workbench (工作台) entry is shown. */
  workbench: boolean;
  /** Whether this user may manage people and organizations (staff or admin somewhere). */
  manager: boolean;
}

export interface LoginResult {
  token: string;
  /** Seconds until the token expires; the client logs in again (once) when it does. */
  expiresIn: number;
  /** True when this login created the account (the client then shows the community picker). */
  isNew: boolean;
  me: MeView;
}

export interface DemoAccount {
  account: string;
  nickname: string;
  /** e.g. "幸福里社区 · 居民" */
  description: string;
}

export interface ResidenceInput {
  communityId: number;
  building: string;
  unit: string;
}

export interface PhoneBound {
  phoneMasked: string;
}

/** Found by exact phone number: masked, never the number. */
export interface PersonLookup {
  id: number;
  nickname: string;
  phoneMasked: string | null;
}

export interface PersonLookupResult {
  user: PersonLookup | null;
}

export interface NicknameInput {
  nickname: string;
}

/** A getPhoneNumber (or wx.login) code, exchanged by the server with WeChat. */
export interface CodeInput {
  code: string;
}

export interface DevLoginInput {
  account: string;
}

export interface MemberRoleView {
  id: number;
  userId: number;
  nickname: string;
  /** Masked (138****0000): staff see that a number exists, not the number. */
  phoneMasked: string | null;
  role: Role;
  roleLabel: string;
  nodeId: number;
  nodeName: string;
  nodeLevelLabel: string;
  orgId: number | null;
  orgName: string | null;
  grantedAt: string;
  /** A social worker's certificate (社工证), null when none is recorded; absent on other roles. */
  certificate?: { levelLabel: string; expiresOn: string; valid: boolean } | null;
}

export interface RoleRevoked {
  revoked: true;
}

export interface GrantRoleInput {
  userId: number;
  nodeId: number;
  role: Role;
  orgId?: number;
}

export const ORG_KINDS = ['community_org', 'social_work_agency', 'charity', 'volunteer_team'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_LABEL: Record<OrgKind, string> = {
  community_org: '社区社会组织',
  social_work_agency: '社会工作服务机构',
  charity: '慈善组织',
  volunteer_team: '志愿服务队',
};

export interface RegisterOrgInput {
  nodeId: number;
  name: string;
  kind: OrgKind;
  creditCode?: string;
  description?: string;
  /** The contact person (联系人) and their phone (mobile or landline). */
  contactName: string;
  contactPhone: string;
}

export interface OrgView {
  id: number;
  name: string;
  kind: OrgKind;
  kindLabel: string;
  creditCode: string | null;
  description: string;
  nodeId: number;
  nodeName: string;
  /** The contact person, for staff covering the organization only (absent otherwise); the phone masked. */
  contact?: { name: string | null; phoneMasked: string | null };
}

/** One declared residence in the staff's confirmation queue (居民认证). The phone is masked. */
export interface ResidentApplicationView {
  id: number;
  userId: number;
  nickname: string;
  phoneMasked: string | null;
  communityId: number;
  communityName: string;
  building: string;
  unit: string;
  status: ResidenceStatus;
  statusLabel: string;
  returnReason: string | null;
  /** When the resident declared (or last changed) it. */
  appliedAt: string;
  reviewedAt: string | null;
}

export interface ResidentReviewInput {
  ids: number[];
  /** Required to return: the resident reads it. */
  reason?: string;
}

/** A bulk review answers for each residence: the ones done, and why the others were not. */
export interface ResidentReviewResult {
  done: number[];
  refused: Array<{ id: number; message: string }>;
}

/** POST /me/delete: the person types 注销 to confirm. */
export interface DeleteAccountInput {
  confirm: string;
}

export interface AccountDeleted {
  deleted: true;
}

/** The reads of personal data the 查阅记录 lists, by audit action. */
export const PII_READ_LABEL: Record<string, string> = {
  'pii.lookup_phone': '按手机号查找人员',
  'pii.view_contact': '查看志愿任务的居民联系方式',
  'pii.read_volunteers': '查看志愿者实名登记',
  'pii.read_roster': '查看活动实名花名册',
  'pii.read_need': '查看需求的反映人和具体地址',
  'wish.pii_view': '查看心愿受助人的姓名和地址',
  'stats.ledger': '导出统计台账',
  'user.export': '本人导出个人数据',
};

/** One read of personal data, for the street's and district's admins (查阅记录). */
export interface AccessLogItem {
  id: number;
  at: string;
  actorName: string;
  actorRoleLabel: string | null;
  actionLabel: string;
  nodeName: string;
}
