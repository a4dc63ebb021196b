import {
  FINAL_STATUSES,
  findTransition,
  NEED_STATUS_LABEL,
  NEED_STATUSES,
  NEED_STATUS_PHRASE,
  NEED_TRANSITIONS,
  OPEN_STATUSES,
} from '../../../server/src/needs/need-status';
import { loopSteps } from '../../../server/src/needs/need-timeline';

describe('the need status table', () => {
  it('has no duplicate moves and nothing leaves a final status', () => {
    const keys = NEED_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of NEED_TRANSITIONS) expect(FINAL_STATUSES).not.toContain(t.from);
  });

  it('reaches every status from reported, and every open status can still end', () => {
    const reached = new Set(['reported']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const t of NEED_TRANSITIONS) if (reached.has(t.from) && !reached.has(t.to)) changed = reached.add(t.to).size > 0;
    }
    expect([...reached].sort()).toEqual([...NEED_STATUSES].sort());
    for (const s of OPEN_STATUSES) expect(NEED_TRANSITIONS.some((t) => t.from === s)).toBe(true);
  });

  it('requires a reason for every refusal or closure a resident must understand, and a rating to rate', () => {
    for (const to of ['rejected', 'closed_infeasible', 'closed_referred'] as const) {
      for (const t of NEED_TRANSITIONS.filter((x) => x.to === to)) expect(t.requires).toContain('reason');
    }
    expect(findTransition('done', 'rated')?.requires).toEqual(['rating']);
    expect(findTransition('done', 'rated')?.by).toEqual(['reporter']);
    expect(findTransition('done', 'in_progress')?.requires).toEqual(['reason']);
    expect(findTransition('done', 'closed_no_feedback')?.by).toEqual(['system']);
    expect(findTransition('reported', 'done')).toBeUndefined();
  });

  it('labels every status, with subscribe-message phrases of at most five characters', () => {
    for (const s of NEED_STATUSES) {
      expect(NEED_STATUS_LABEL[s]).toBeTruthy();
      expect([...NEED_STATUS_PHRASE[s]].length).toBeLessThanOrEqual(5);
    }
  });
});

describe(loopSteps.name, () => {
  const states = (status: Parameters<typeof loopSteps>[0], to: string[], steps: string[] = []) =>
    loopSteps(status, [...to.map((s) => ({ toStatus: s as never, step: null })), ...steps.map((s) => ({ toStatus: null, step: s as never }))]).map(
      (s) => s.state,
    );

  it('marks skipped steps as skipped, not done', () => {
    expect(states('in_progress', ['reported', 'accepted', 'in_progress'])).toEqual(['done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'pending']);
  });
  it('shows the current step and what is still ahead', () => {
    expect(states('in_consultation', ['reported', 'accepted', 'in_consultation'])).toEqual(['done', 'current', 'pending', 'pending', 'pending', 'pending', 'pending']);
    expect(states('reported', ['reported'])).toEqual(['current', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending']);
  });
  it('counts steps recorded by later features (guidance, volunteers)', () => {
    expect(states('done', ['reported', 'accepted', 'in_project', 'in_progress', 'done'], ['guidance', 'volunteers'])).toEqual([
      'done',
      'skipped',
      'skipped',
      'done',
      'done',
      'done',
      'current',
    ]);
  });
  it('never shows feedback as done without a rating', () => {
    expect(states('closed_no_feedback', ['reported', 'accepted', 'in_progress', 'done', 'closed_no_feedback']).at(-1)).toBe('skipped');
    expect(states('rated', ['reported', 'accepted', 'in_progress', 'done', 'rated']).at(-1)).toBe('done');
  });
});
