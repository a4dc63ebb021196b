import type { MeView, NeedStatus, RoleView } from '../services/types';

/** The places where the user triages needs (staff or admin grants), one per node. */
export function triageNodes(me: MeView | null): RoleView[] {
  if (!me) return [];
  const grants = me.roles.filter((r) => r.role === 'staff' || r.role === 'admin');
  return Array.from(new Map(grants.map((r) => [r.nodeId, r])).values());
}

export const QUEUE_STATUSES: Array<{ value: NeedStatus | ''; label: string }> = [
  { value: '', label: '全部在办' },
  { value: 'reported', label: '待受理' },
  { value: 'accepted', label: '已受理' },
  { value: 'in_progress', label: '处理中' },
  { value: 'in_consultation', label: '协商中' },
  { value: 'resourcing', label: '筹集资源' },
  { value: 'in_project', label: '项目实施' },
  { value: 'done', label: '待评价' },
];

export const AGE_FILTERS: Array<{ value: number | null; label: string }> = [
  { value: null, label: '不限' },
  { value: 1, label: '超过1天' },
  { value: 3, label: '超过3天' },
  { value: 7, label: '超过7天' },
];

export const PRIORITY_LABEL = ['普通', '较高', '高', '最高'];

/** The communities where the user runs consultations and projects (staff or admin grants at community level). */
export function staffCommunities(me: MeView | null): RoleView[] {
  return triageNodes(me).filter((r) => r.nodeLevel === 'community');
}
