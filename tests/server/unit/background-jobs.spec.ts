import { runSweeps } from '../../../server/src/background-jobs';
import { JsonLogger } from '../../../server/src/common/logger';

describe(runSweeps.name, () => {
  it('runs every sweep even when one before it fails, and names the failed ones', async () => {
    JsonLogger.setLevel('silent');
    const ran: string[] = [];
    const sweep = (name: string, fail = false) => ({
      name,
      run: async () => {
        ran.push(name);
        if (fail) throw new Error(`${name} broke`);
      },
    });
    const failed = await runSweeps([sweep('outbox'), sweep('close-unrated-needs', true), sweep('release-expired-wish-claims'), sweep('activity-reminders', true)]);
    expect(ran).toEqual(['outbox', 'close-unrated-needs', 'release-expired-wish-claims', 'activity-reminders']);
    expect(failed).toEqual(['close-unrated-needs', 'activity-reminders']);
  });
});
