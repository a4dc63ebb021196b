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
