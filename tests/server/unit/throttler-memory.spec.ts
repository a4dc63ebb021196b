import { WindowThrottlerStorage } from '../../../server/src/common/throttler-memory';

describe('WindowThrottlerStorage (the rate limiter’s counters without Redis)', () => {
  afterEach(() => jest.useRealTimers());

  it('lets `limit` calls through in a window, blocks the next for the block time, then starts afresh', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
    const s = new WindowThrottlerStorage();
    for (let i = 1; i <= 3; i++) expect(await s.increment('1.2.3.4', 60_000, 3, 60_000, 'default')).toMatchObject({ totalHits: i, isBlocked: false });
    const blocked = await s.increment('1.2.3.4', 60_000, 3, 60_000, 'default');
    expect(blocked).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    // Others and other limits count apart.
    expect(await s.increment('5.6.7.8', 60_000, 3, 60_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await s.increment('1.2.3.4', 60_000, 3, 60_000, 'login')).toMatchObject({ totalHits: 1, isBlocked: false });
    jest.advanceTimersByTime(30_000);
    expect(await s.increment('1.2.3.4', 60_000, 3, 60_000, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    jest.advanceTimersByTime(30_001);
    expect(await s.increment('1.2.3.4', 60_000, 3, 60_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
  });
});
