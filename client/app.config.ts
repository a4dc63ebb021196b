export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/needs/index',
    'pages/volunteer/index',
    'pages/me/index',
    'pages/login/index',
    // A need's old address: forwards links already sent (inbox, subscribe messages) to resident/pages/need.
    'pages/needs/detail/index',
    // 社区公示's old address: forwards links already shared to board/pages/index.
    'pages/board/index',
  ],
  subPackages: [
    {
      // A resident's own steps off the tabs: report a need, a need's page, pick the community, the inbox. Out of
      // the main package (#15: WeChat downloads the main package before anything shows), and
      // preloaded from the home tab (preloadRule) so that 我要反映 opens at once.
      root: 'resident',
      pages: ['pages/report/index', 'pages/need/index', 'pages/community/index', 'pages/inbox/index'],
    },
    {
      // 社区公示: public, no login (a shared link carries ?communityId=). Out of the main package
      // (#15); preloaded from the 需求 tab, whose 社区公示 segment links to it.
      root: 'board',
      pages: ['pages/index/index'],
    },
    {
      // Staff, social workers and social organizations: kept out of the main package.
      root: 'workbench',
      pages: [
        'pages/index/index',
        'pages/queue/index',
        'pages/need/index',
        'pages/report/index',
        // volunteer organizers: activities, roster and attendance, the live check-in code, registrations
        'pages/activities/index',
        'pages/activity-new/index',
        'pages/roster/index',
        'pages/checkin-qr/index',
        'pages/volunteers/index',
        // 社区协商 and 服务项目 for staff.
        'pages/topics/index',
        'pages/topic-new/index',
        'pages/topic/index',
        'pages/meeting-new/index',
        'pages/meeting/index',
        'pages/resolution/index',
        'pages/project-new/index',
        'pages/evaluate/index',
        // 社区基金 and 微心愿 for staff.
        'pages/fund/index',
        'pages/people/index',
        'pages/residents/index',
        'pages/criteria/index',
        'pages/access-log/index',
        'pages/wishes/index',
        'pages/wish-publish/index',
      ],
    },
    {
      // The loop after the need: topics, votes and meetings (residents); service projects (public page,
      // organization members' progress and completion report, social workers' guidance and sign-off).
      root: 'loop',
      pages: [
        'pages/topics/index',
        'pages/topic/index',
        'pages/project/index',
        'pages/projects/index',
        'pages/progress/index',
        'pages/report/index',
        'pages/guidance/index',
        'pages/signoff/index',
        'pages/certificate/index',
      ],
    },
    {
      // The volunteer's pages (the 志愿 tab itself stays in the main package).
      root: 'volunteer',
      pages: [
        'pages/register/index',
        'pages/activity/index',
        'pages/scan/index',
        'pages/mine/index',
        'pages/tasks/index',
        'pages/task/index',
        'pages/record/index',
        'pages/verify/index',
      ],
    },
    {
      // 统计台账 for staff and admins: a node's figures over a period.
      root: 'stats',
      pages: ['pages/index/index'],
    },
    {
      // 我的数据: a person's own data, exported, and the account deleted.
      root: 'account',
      pages: ['pages/data/index'],
    },
    {
      // Charity resources for everyone: the fund's public ledger, the wish wall, claims.
      root: 'charity',
      pages: ['pages/fund/index', 'pages/wishes/index', 'pages/wish/index', 'pages/claims/index'],
    },
  ],
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['resident'] },
    'pages/needs/index': { network: 'all', packages: ['resident', 'board'] },
  },
  // WeChat requires declaring the location APIs the app uses (the report form's map pin).
  // getLocation: volunteers' check-in near the venue and the activity list's distance filter.
  requiredPrivateInfos: ['chooseLocation', 'getLocation'],
  permission: { 'scope.userLocation': { desc: '在地图上标出需求发生的位置，以及志愿活动的就近签到和按距离筛选' } },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '五社联动',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
    // WeChat's default; said explicitly so that the H5 build draws its navigation bar too (title,
    // and a back control on every page but the tab roots: back, or home after a reload).
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#8a8a8a',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/needs/index', text: '需求', iconPath: 'assets/tab/needs.png', selectedIconPath: 'assets/tab/needs-active.png' },
      { pagePath: 'pages/volunteer/index', text: '志愿', iconPath: 'assets/tab/volunteer.png', selectedIconPath: 'assets/tab/volunteer-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
});
