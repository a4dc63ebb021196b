import Taro from '@tarojs/taro';
import { fake, type FakeRequest } from './stubs/taro';
import type { MeView, RoleView } from '@contract/users';
import { LOOP_STEP_LABEL, LOOP_STEPS, type NeedListItem, type NeedTimeline, type NeedTimelineEvent, type NeedTimelineStep, type NeedView, type PublicNeedView } from '@contract/needs';

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
    residence: { communityId: 3, communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '3栋', unit: '2单元', status: 'confirmed', statusLabel: '已确认', returnReason: null },
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


export function listItem(over: Partial<NeedListItem> = {}): NeedListItem {
  return {
    id: 11,
    communityId: 3,
    communityName: '文昌社区',
    categoryLabel: '环境设施',
    title: '3栋楼道灯坏了',
    status: 'reported',
    statusLabel: '待受理',
    urgency: 'urgent',
    urgencyLabel: '较急',
    priority: 0,
    meTooCount: 0,
    createdAt: '2026-11-19T08:00:00.000Z',
    updatedAt: '2026-11-19T08:00:00.000Z',
    ...over,
  };
}

/** What anyone may see of a public need (someone who neither reported nor follows it). */
export function publicNeedView(over: Partial<PublicNeedView> = {}): PublicNeedView {
  return {
    id: 11,
    communityId: 3,
    communityName: '文昌社区',
    category: { id: 5, key: 'facilities', label: '环境设施' },
    title: '3栋楼道灯坏了',
    description: '晚上看不见路',
    status: 'reported',
    statusLabel: '待受理',
    urgency: 'urgent',
    urgencyLabel: '较急',
    isPublic: true,
    meTooCount: 0,
    photos: [],
    evidencePhotos: [],
    doneNote: null,
    rating: null,
    ratingComment: null,
    lastReason: null,
    referredTo: null,
    mergedIntoId: null,
    createdAt: '2026-11-19T08:00:00.000Z',
    acceptedAt: null,
    doneAt: null,
    closedAt: null,
    ...over,
  };
}

/** The full view, as its reporter sees it. */
export function needView(over: Partial<NeedView> = {}): NeedView {
  return {
    ...publicNeedView(),
    priority: 0,
    reopenCount: 0,
    feedbackDueAt: null,
    handlerId: null,
    relation: { reporter: true, follower: false, handler: false, staff: false, meToo: false },
    actions: [],
    location: { kind: 'residence', building: '3栋', unit: '2单元', lat: null, lng: null, address: null },
    reporter: null,
    ...over,
  };
}

/** Steps from a list of seven states, in loop order. */
export function steps(states: Array<NeedTimelineStep['state']>): NeedTimelineStep[] {
  return LOOP_STEPS.map((key, i) => ({ key, label: LOOP_STEP_LABEL[key], state: states[i] }));
}

export function event(over: Partial<NeedTimelineEvent> = {}): NeedTimelineEvent {
  return {
    id: 1,
    at: '2026-11-19T08:00:00.000Z',
    kind: 'report',
    action: '居民上报需求',
    fromStatus: null,
    toStatus: 'reported',
    fromLabel: null,
    toLabel: '待受理',
    actorRole: 'resident',
    actorRoleLabel: '居民',
    reason: null,
    note: null,
    rating: null,
    comment: null,
    referredTo: null,
    mergedIntoId: null,
    fromNeedId: null,
    step: null,
    topicId: null,
    projectId: null,
    ...over,
  };
}

export function timeline(over: Partial<NeedTimeline> = {}): NeedTimeline {
  return { need: needView(), steps: steps(['current', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending']), events: [event()], ...over };
}

/** A scripted API route: answers a request, or undefined to let the next route try. */
export type Route = (req: FakeRequest) => { statusCode: number; data: unknown } | undefined;

/** Answers requests from the routes (first match wins; 404 otherwise), logged in with a token. */
export function serve(...routes: Route[]): void {
  Taro.setStorageSync('token', 't-1');
  fake.setHandler((req) => {
    for (const r of routes) {
      const res = r(req);
      if (res) return res;
    }
    return fail(404, 'NOT_FOUND', `没有找到 ${req.method} ${req.url}`);
  });
}
/** The request's path without the test API host. */
export const path = (req: FakeRequest) => req.url.replace('http://api.test', '');
export const on =
  (method: string, p: string | RegExp, res: (req: FakeRequest) => { statusCode: number; data: unknown }): Route =>
  (req) =>
    req.method === method && (typeof p === 'string' ? path(req) === p : p.test(path(req))) ? res(req) : undefined;
export const sentTo = (method: string, p: string) => fake.requests.filter((r) => r.method === method && path(r) === p);
export const posts = (p: string) => sentTo('POST', p);
export const gets = (p: string | RegExp) => fake.requests.filter((r) => r.method === 'GET' && (typeof p === 'string' ? path(r) === p : p.test(path(r))));
export const created = (data: unknown) => ({ statusCode: 201, data: { data } });
