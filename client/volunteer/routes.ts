/** The volunteer's pages (subpackage root 'volunteer'), for navigateTo. */
export const VOLUNTEER_PAGES = {
  tab: '/pages/volunteer/index',
  register: '/volunteer/pages/register/index',
  activity: (id: number) => `/volunteer/pages/activity/index?id=${id}`,
  scan: (id?: number) => (id ? `/volunteer/pages/scan/index?id=${id}` : '/volunteer/pages/scan/index'),
  mine: '/volunteer/pages/mine/index',
  tasks: '/volunteer/pages/tasks/index',
  task: (id: number) => `/volunteer/pages/task/index?id=${id}`,
  record: '/volunteer/pages/record/index',
  verify: (code?: string) => (code ? `/volunteer/pages/verify/index?code=${code}` : '/volunteer/pages/verify/index'),
};
