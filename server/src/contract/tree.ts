/** The service tree: district (区县) → street (街道) → community (社区). */

export const NODE_LEVELS = ['district', 'street', 'community'] as const;
export type NodeLevel = (typeof NODE_LEVELS)[number];
export const NODE_LEVEL_LABEL: Record<NodeLevel, string> = { district: '区县', street: '街道', community: '社区' };

/** The whole tree for pickers: names only, nothing personal. */
export interface TreeNodeView {
  id: number;
  name: string;
  level: NodeLevel;
  levelLabel: string;
  children: TreeNodeView[];
}

export interface NodeView {
  id: number;
  name: string;
  level: NodeLevel;
  levelLabel: string;
  /** Ancestors from the top, e.g. [区, 街道] for a community. */
  ancestors: Array<{ id: number; name: string; level: NodeLevel }>;
}

/** A street under a district, or a community under a street (the level follows the parent). */
export interface CreateNodeInput {
  parentId: number;
  name: string;
}
