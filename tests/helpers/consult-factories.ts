import type { Api, TestApp } from './test-app';

/** Fixtures for consultation and projects tests, over HTTP like the real clients. */

export const DAY = 86_400_000;

/** An ISO instant `ms` from the app's clock. */
export const fromNow = (t: TestApp, ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

/** A Beijing calendar date `days` from the app's clock (YYYY-MM-DD). */
export const beijingDay = (t: TestApp, days = 0) => new Date(t.clock.now().getTime() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);

/** Opens a topic over HTTP (throws unless 201) and returns it. */
export async function openTopic(t: TestApp, staff: Api, communityId: number, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await staff.post('/consultation/topics', {
    communityId,
    title: '3栋是否加装电梯',
    description: '3栋共 18 户，其中 60 岁以上老人 11 位，上下楼困难。请居民就是否加装电梯、费用分摊方式发表意见。',
    options: ['同意加装，按楼层分摊', '暂缓，先征求低楼层住户意见'],
    voteEndsAt: fromNow(t, 2 * DAY),
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`topic failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.data;
}

/** Schedules a meeting of a topic (throws unless 201). */
export async function scheduleMeeting(t: TestApp, staff: Api, topicId: number, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await staff.post(`/consultation/topics/${topicId}/meetings`, {
    kind: 'bench',
    startsAt: fromNow(t, DAY),
    place: '3栋楼下小广场',
    capacity: 20,
    agenda: '一、介绍加装电梯政策；二、讨论费用分摊；三、现场举手表决',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`meeting failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.data;
}

/** A valid project body; override any field. */
export function projectBody(t: TestApp, base: { communityId: number; orgId: number; socialWorkerId?: number }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...base,
    title: '3栋加装电梯服务项目',
    domain: 'community',
    summary: '协助3栋居民完成加装电梯的意见征集、方案公示、施工协调和使用培训。',
    budgetFen: 5_000_000,
    startsOn: beijingDay(t),
    endsOn: beijingDay(t, 90),
    milestones: [
      { title: '意见征集与方案公示', plannedOn: beijingDay(t, 10) },
      { title: '施工协调', plannedOn: beijingDay(t, 60) },
      { title: '使用培训与验收', plannedOn: beijingDay(t, 85) },
    ],
    ...overrides,
  };
}

/** Scores every active criterion the evaluator scores with `score` (the residents' ones are computed). */
export async function fullScores(api: Api, score = 90): Promise<Array<{ criterionId: number; score: number }>> {
  const res = await api.get('/projects/criteria');
  return res.data.filter((c: { source: string }) => c.source !== 'residents').map((c: { id: number }) => ({ criterionId: c.id, score }));
}
