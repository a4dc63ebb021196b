/** 人员与角色 (workbench): who holds which role where, finding a person by phone, granting and revoking; new communities and social organizations; 居民认证. */
import type { IdResult, Paged } from '@contract/common';
import type { NodeView } from '@contract/tree';
import type {
  AccessLogItem,
  GrantRoleInput,
  MemberRoleView,
  OrgView,
  PersonLookupResult,
  RegisterOrgInput,
  ResidenceStatus,
  ResidentApplicationView,
  ResidentReviewResult,
} from '@contract/users';
import { request } from './api';

export const peopleApi = {
  roles: (nodeId: number) => request<Paged<MemberRoleView>>(`/api/roles?nodeId=${nodeId}&limit=100`),
  /** Exact phone match only; the answer is masked (王**, 138****0000) and the lookup is audited. */
  lookup: (phone: string) => request<PersonLookupResult>(`/api/users/lookup?phone=${encodeURIComponent(phone)}`, { toast: false }),
  grant: (input: GrantRoleInput) => request<IdResult>('/api/roles', { method: 'POST', data: input }),
  revoke: (id: number, reason: string) => request<{ revoked: true }>(`/api/roles/${id}${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`, { method: 'DELETE' }),
  orgs: (nodeId: number) => request<OrgView[]>(`/api/orgs?nodeId=${nodeId}`),
  registerOrg: (input: RegisterOrgInput) => request<OrgView>('/api/orgs', { method: 'POST', data: input }),
  addCommunity: (parentId: number, name: string) => request<NodeView>('/api/nodes', { method: 'POST', data: { parentId, name } }),
  /** 个人信息查阅记录 of a street's or district's subtree (its admins). */
  accessLog: (nodeId: number) => request<Paged<AccessLogItem>>(`/api/audit/access?nodeId=${nodeId}&limit=100`),
  /** 居民认证: declared residences of the subtree, the oldest waiting first. */
  residents: (nodeId: number, status: ResidenceStatus) => request<Paged<ResidentApplicationView>>(`/api/residents?nodeId=${nodeId}&status=${status}&limit=100`),
  confirmResidents: (ids: number[]) => request<ResidentReviewResult>('/api/residents/confirm', { method: 'POST', data: { ids } }),
  returnResidents: (ids: number[], reason: string) => request<ResidentReviewResult>('/api/residents/return', { method: 'POST', data: { ids, reason } }),
};
