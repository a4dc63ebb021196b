import { useState } from 'react';
import { ApiError, errorText } from '../services/api';
import type { MeView, RoleView } from '@contract/users';
import { type ActivityRosterRow, type Attendance, ORGANIZER_ROLES, type QrPurpose } from '@contract/volunteers';

/** Who may publish and run volunteer activities: the contract's list, the one the server checks. */
export { ORGANIZER_ROLES };

/** The places where the user organizes activities, one per node (a street covers its communities). */
export function organizerNodes(me: MeView | null): RoleView[] {
  if (!me) return [];
  const grants = me.roles.filter((r) => ORGANIZER_ROLES.includes(r.role));
  return Array.from(new Map(grants.map((r) => [r.nodeId, r])).values());
}

/** The communities an activity can be published in from these grants (activities belong to a community). */
export function publishCommunities(nodes: RoleView[]): RoleView[] {
  return nodes.filter((n) => n.nodeLevel === 'community');
}

export const ORGANIZER_PAGES = {
  activities: '/workbench/pages/activities/index',
  create: '/workbench/pages/activity-new/index',
  roster: (id: number) => `/workbench/pages/roster/index?id=${id}`,
  qr: (id: number, purpose: QrPurpose) => `/workbench/pages/checkin-qr/index?id=${id}&purpose=${purpose}`,
  applications: '/workbench/pages/volunteers/index',
};

export const ATTENDANCE_CHOICES: Array<{ value: Attendance; label: string }> = [
  { value: 'present', label: '出勤' },
  { value: 'late', label: '迟到' },
  { value: 'leave', label: '请假' },
  { value: 'absent', label: '缺勤' },
];

/** The roster in numbers: who is in, who scanned, who is still out. */
export function rosterSummary(rows: ActivityRosterRow[]): { confirmed: number; pending: number; waitlisted: number; checkedIn: number; checkedOut: number; notArrived: number } {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  return {
    confirmed: confirmed.length,
    pending: rows.filter((r) => r.status === 'pending').length,
    waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
    checkedIn: confirmed.filter((r) => r.checkedInAt).length,
    checkedOut: confirmed.filter((r) => r.checkedOutAt).length,
    notArrived: confirmed.filter((r) => !r.checkedInAt && !r.attendance).length,
  };
}

/** Seconds left until `refreshAt` (never negative), for the live code's countdown. */
export function secondsUntil(iso: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 1000));
}

/**
 * One organizer action at a time, its outcome shown on the page (the server's reason when it is
 * refused), then `reload`. `act` answers whether the action went through.
 */
export function useAction(reload: () => void) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setOutcome(null);
    try {
      await work();
      setOutcome({ ok: true, text: done });
      reload();
      return true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setOutcome({ ok: false, text: errorText(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, setOutcome, act };
}
