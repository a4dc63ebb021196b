import type { EntityManager } from 'typeorm';
import type { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { type NeedEvent, readNeedEvents, recordNeedEvent, timelineEventView } from '../../../server/src/needs/need-timeline';

/**
 * The timeline module writes each kind of event as one audit_log row and reads the same event
 * back; the rows keep the shape the timeline has always had (action names, states, JSON detail).
 */
describe('need timeline', () => {
  function fakeManager() {
    const rows: AuditLog[] = [];
    const m = {
      create: (_entity: unknown, o: Partial<AuditLog>) => ({ ...o }),
      save: async (_entity: unknown, o: AuditLog) => {
        rows.push({ ...o, id: rows.length + 1, createdAt: o.createdAt ?? new Date('2026-11-19T08:00:00.000Z') });
        return o;
      },
      find: async (_entity: unknown, q: { where: { action: { value: string[] } } }) => rows.filter((r) => q.where.action.value.includes(r.action)),
    };
    return { m: m as unknown as EntityManager, rows };
  }
  const need = { id: 7, communityId: 3 };
  const staff = { userId: 2, role: 'staff' };

  const events: NeedEvent[] = [
    { kind: 'report', action: '居民上报需求', proxy: false, photos: 2 },
    { kind: 'status', from: 'reported', to: 'accepted', action: '受理', note: '马上安排', handlerAssigned: true },
    { kind: 'status', from: 'accepted', to: 'in_consultation', action: '提交社区协商', context: { topicId: 4, topicTitle: '老年食堂' } },
    { kind: 'step', step: 'guidance', status: 'in_project', action: '社工指导', note: '个案指导（2026-11-20）', context: { projectId: 5, guidanceId: 9 } },
    { kind: 'merged_in', status: 'accepted', fromNeedId: 8, action: '合并相同需求' },
    { kind: 'status', from: 'done', to: 'in_progress', action: '未解决，重新办理', reason: '灯还是不亮，电话13812345678' },
  ];

  it('reads back every event it wrote, and writes the rows the timeline has always had', async () => {
    const { m, rows } = fakeManager();
    for (const e of events) await recordNeedEvent(m, need, staff, e);
    await recordNeedEvent(m, need, staff, { kind: 'priority', from: 0, to: 2 });

    expect(rows.map((r) => [r.action, r.fromState, r.toState])).toEqual([
      ['need.report', null, 'reported'],
      ['need.status', 'reported', 'accepted'],
      ['need.status', 'accepted', 'in_consultation'],
      ['need.step', 'in_project', 'in_project'],
      ['need.merged_in', 'accepted', 'accepted'],
      ['need.status', 'done', 'in_progress'],
      ['need.priority', '0', '2'],
    ]);
    expect(rows.every((r) => r.entityType === 'need' && r.entityId === 7 && r.nodeId === 3 && r.actorRole === 'staff')).toBe(true);
    expect(JSON.parse(rows[1].detail!)).toEqual({ action: '受理', note: '马上安排', handlerAssigned: true });
    expect(JSON.parse(rows[3].detail!)).toEqual({ projectId: 5, guidanceId: 9, action: '社工指导', note: '个案指导（2026-11-20）', step: 'guidance' });
    expect(rows[5].reason).toBe('灯还是不亮，电话13812345678');
    expect(rows[6].detail).toBeNull();

    const read = await readNeedEvents(m, need.id);
    // Priority changes are audit only: not read as timeline events.
    expect(read.map((r) => r.event.kind)).toEqual(['report', 'status', 'status', 'step', 'merged_in', 'status']);
    expect(read[0].event).toEqual(events[0]);
    expect(read[1].event).toMatchObject(events[1]);
    expect(read[2].event).toMatchObject({ ...events[2], context: { topicId: 4, topicTitle: '老年食堂' } });
    expect(read[3].event).toMatchObject(events[3]);
    expect(read[4].event).toEqual(events[4]);
    expect(read[5].event).toMatchObject(events[5]);
  });

  it('shows events with roles and links; the public page gets texts redacted', async () => {
    const { m } = fakeManager();
    for (const e of events) await recordNeedEvent(m, need, staff, e);
    const read = await readNeedEvents(m, need.id);

    const consult = timelineEventView(read[2], false);
    expect(consult).toMatchObject({ kind: 'status', fromLabel: '已受理', toLabel: '社区协商中', topicId: 4, projectId: null, actorRoleLabel: '社区工作人员' });
    expect(timelineEventView(read[3], false)).toMatchObject({ kind: 'step', step: 'guidance', projectId: 5, fromStatus: null, toStatus: null });
    expect(timelineEventView(read[4], false)).toMatchObject({ kind: 'merged_in', fromNeedId: 8, toStatus: null });
    expect(timelineEventView(read[5], false).reason).toBe('灯还是不亮，电话13812345678');
    expect(timelineEventView(read[5], true).reason).not.toContain('13812345678');
  });
});
