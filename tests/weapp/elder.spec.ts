/**
 * #17: the main pages of the built mini-program in 长辈模式 (the setting kept on the phone from an
 * earlier visit), rendered in miniprogram-simulate: every page root carries `elder`, and the pages
 * still show what they show in the ordinary size. Needs `npm run build:weapp` first.
 */
import { needsApi } from './fixtures';
import { fakeRoutes, installSimulator, renderPage, waitForText } from './support';

fakeRoutes(needsApi);
installSimulator({ 'elder-mode': true });

/** The page root: `page <name> elder` (classes carry the build's `main--` prefix). */
const rootIsElder = (html: string) => /^<wx-view class="main--page [^"]*\bmain--elder"/.test(html);

describe('built mini-program in 长辈模式 (miniprogram-simulate)', () => {
  it('首页: 我要反映 and my needs first, no offer (already on), the root marked', async () => {
    const page = await renderPage('pages/index/index');
    await waitForText(page, '3栋楼道灯坏了');
    const text = page.text();
    expect(text.indexOf('我要反映')).toBeLessThan(text.indexOf('有事找社区，怎么办？'));
    expect(text).not.toContain('打开长辈模式');
    expect(rootIsElder(page.html())).toBe(true);
  });

  it('我要反映: the form, with the dictation hint, in the large size', async () => {
    const page = await renderPage('resident/pages/report/index');
    await waitForText(page, '环境设施');
    expect(page.text()).toContain('点键盘上的话筒');
    expect(page.data()).toContain('话筒说话就行');
    expect(rootIsElder(page.html())).toBe(true);
  });

  it('需求详情: the loop and the rating panel, in the large size', async () => {
    const page = await renderPage('resident/pages/need/index', { id: '7' });
    await waitForText(page, '已更换灯泡');
    expect(page.text()).toContain('确认办结并评价');
    expect(rootIsElder(page.html())).toBe(true);
  });

  it('我的: the switch shows 长辈模式 on', async () => {
    const page = await renderPage('pages/me/index');
    await waitForText(page, '李娜');
    expect(page.text()).toContain('已打开：字更大、按钮更大、更清楚');
    expect(rootIsElder(page.html())).toBe(true);
  });
});
