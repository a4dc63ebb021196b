/** The charity pages (subpackage root 'charity'), for navigateTo. The server's notices link to `wish`. */
export const CHARITY_PAGES = {
  fund: (nodeId?: number) => (nodeId ? `/charity/pages/fund/index?nodeId=${nodeId}` : '/charity/pages/fund/index'),
  wishes: (q: { nodeId?: number; campaignId?: number } = {}) => {
    const parts = Object.entries(q).filter(([, v]) => v != null).map(([k, v]) => `${k}=${v}`);
    return `/charity/pages/wishes/index${parts.length ? `?${parts.join('&')}` : ''}`;
  },
  wish: (id: number) => `/charity/pages/wish/index?id=${id}`,
  claims: '/charity/pages/claims/index',
};

/** The staff's charity pages in the workbench subpackage. */
export const CHARITY_WORK_PAGES = {
  fund: '/workbench/pages/fund/index',
  wishes: '/workbench/pages/wishes/index',
  publish: '/workbench/pages/wish-publish/index',
};
