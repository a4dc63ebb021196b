import type { MeView, RoleView } from '../../client/services/types';

export function role(over: Partial<RoleView> = {}): RoleView {
  return {
    id: 1,
    role: 'resident',
    roleLabel: '居民',
    nodeId: 3,
    nodeName: '文昌社区',
    nodeLevel: 'community',
    nodeLevelLabel: '社区',
    orgId: null,
    orgName: null,
    ...over,
  };
}

export function me(over: Partial<MeView> = {}): MeView {
  return {
    id: 7,
    nickname: '王秀英',
    phoneMasked: '138****1001',
    residence: { communityId: 3, communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '3栋', unit: '2单元' },
    roles: [role()],
    workbench: false,
    manager: false,
    ...over,
  };
}

export const ok = (data: unknown) => ({ statusCode: 200, data: { data } });
export const fail = (statusCode: number, code: string, message: string, fields?: Array<{ field: string; message: string }>) => ({
  statusCode,
  data: { error: { code, message, requestId: 'req-1', ...(fields ? { fields } : {}) } },
});
