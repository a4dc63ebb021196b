import { useEffect, useMemo, useState } from 'react';
import { api } from '../services/api';
import type { TreeNodeView } from '@contract/tree';
import type { MeView, RoleView } from '@contract/users';
import type { NeedStatus } from '@contract/needs';

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

/** A place whose fund and wishes the user manages. */
export interface ManagedNode {
  nodeId: number;
  nodeName: string;
  level: 'street' | 'community';
  /** A community found under a street grant: that street (the fund page offers it the street's grants). */
  parentId?: number;
}

/**
 * The streets and communities the user manages (staff or admin grants), with the communities
 * under a street grant (a street's staff cover its communities), from the public tree.
 */
export function managedNodes(me: MeView | null, tree: TreeNodeView[]): ManagedNode[] {
  const out = new Map<number, ManagedNode>();
  const find = (nodes: TreeNodeView[], id: number): TreeNodeView | null => {
    for (const n of nodes) {
      if (n.id === id) return n;
      const hit = find(n.children ?? [], id);
      if (hit) return hit;
    }
    return null;
  };
  for (const r of triageNodes(me)) {
    if (r.nodeLevel === 'district') continue;
    out.set(r.nodeId, { nodeId: r.nodeId, nodeName: r.nodeName, level: r.nodeLevel });
    if (r.nodeLevel === 'street') {
      for (const c of find(tree, r.nodeId)?.children ?? []) if (!out.has(c.id)) out.set(c.id, { nodeId: c.id, nodeName: c.name, level: 'community', parentId: r.nodeId });
    }
  }
  return [...out.values()];
}

/** managedNodes() with the tree loaded once (the tree is public; a failure leaves the user's own grants). */
export function useManagedNodes(me: MeView | null, version = 0): ManagedNode[] {
  const [tree, setTree] = useState<TreeNodeView[]>([]);
  // `version`: bump it to read the tree again (a community was just added).
  useEffect(() => {
    api
      .tree()
      .then(setTree)
      .catch(() => setTree([]));
  }, [version]);
  return useMemo(() => managedNodes(me, tree), [me, tree]);
}
