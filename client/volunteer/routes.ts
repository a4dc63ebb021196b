/** The volunteer's pages (subpackage root 'volunteer'), for navigateTo. */
export const VOLUNTEER_PAGES = {
  tab: '/pages/volunteer/index',
  register: '/volunteer/pages/register/index',
  activity: (id: number) => `/volunteer/pages/activity/index?id=${id}`,
  /** From an activity: `purpose` says which code a typed 6-digit number is (签到 or 签退). */
  scan: (id?: number, purpose?: 'in' | 'out') => (id ? `/volunteer/pages/scan/index?id=${id}${purpose ? `&purpose=${purpose}` : ''}` : '/volunteer/pages/scan/index'),
  mine: '/volunteer/pages/mine/index',
  tasks: '/volunteer/pages/tasks/index',
  task: (id: number) => `/volunteer/pages/task/index?id=${id}`,
  record: '/volunteer/pages/record/index',
  verify: (code?: string) => (code ? `/volunteer/pages/verify/index?code=${code}` : '/volunteer/pages/verify/index'),
};
