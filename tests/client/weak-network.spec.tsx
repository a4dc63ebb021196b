import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NeedCategoryView } from '@contract/needs';
import Taro from '@tarojs/taro';
import { fake } from './stubs/taro';
import { fail, me, needView, ok, on, posts, serve } from './fixtures';
import { FeedbackPanel } from '../../client/components/FeedbackPanel';
import { DESCRIPTION_PLACEHOLDER, NeedForm } from '../../client/components/NeedForm';
import { api } from '../../client/services/api';
import { resetSession, setMe } from '../../client/store/session';

const CATEGORIES: NeedCategoryView[] = [
  { id: 1, key: 'elderly', label: '养老' },
  { id: 5, key: 'facilities', label: '环境设施' },
];
const timeout = () => {
  throw { errMsg: 'request:fail timeout' };
};
const keyOf = (r: { header: Record<string, string> }) => r.header['Idempotency-Key'];

/** #17: a 70-year-old on a weak network — drafts that survive, retries that never double. */
describe('weak network: drafts and retries (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
    fake.navigations.length = 0;
  });

  const renderForm = (onSubmitted: (need: unknown) => void = () => undefined) =>
    render(<NeedForm mode='resident' communityId={3} residence={{ building: '3栋', unit: '2单元' }} draftKey='report:7' onSubmitted={onSubmitted} />);

  it('keeps a half-written report, with its uploaded photo, and restores it when the form opens again', async () => {
    serve(
      on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
      on('GET', /^\/api\/needs\/similar/, () => ok([])),
      on('POST', '/api/uploads', () => ok({ id: 41, mime: 'image/png', size: 100, url: '/api/uploads/41' })),
      on('GET', '/api/uploads/41', () => ok(null)),
      on('POST', '/api/needs', () => ok(needView({ id: 12 }))),
    );
    const first = renderForm();
    fireEvent.click(await screen.findByText('养老'));
    fireEvent.change(first.container.querySelector('.need-form__title')!, { target: { value: '想申请助餐' } });
    fireEvent.change(first.container.querySelector('.need-form__description')!, { target: { value: '老伴住院，做饭困难' } });
    fireEvent.click(first.container.querySelector('.photo-picker__add')!);
    await waitFor(() => expect(first.container.querySelector('.photo-picker__status')).toBeNull());
    expect(first.container.querySelector('.draft-note')).toBeNull();
    // The app is closed (or the network dropped and the page was left).
    first.unmount();

    const again = renderForm();
    await screen.findByText('已恢复您上次没写完的内容');
    expect((again.container.querySelector('.need-form__title') as HTMLInputElement).value).toBe('想申请助餐');
    expect((again.container.querySelector('.need-form__description') as HTMLTextAreaElement).value).toBe('老伴住院，做饭困难');
    await waitFor(() => expect(again.container.querySelector('[data-category="elderly"]')?.className).toContain('chip--on'));
    expect(again.container.querySelectorAll('.photo-picker__item')).toHaveLength(1);
    // The restored photo is shown from the server (its temp file is gone) and is sent by its id.
    await waitFor(() => expect(fake.downloads.map((d) => d.url)).toContain('http://api.test/api/uploads/41'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(posts('/api/needs')).toHaveLength(1));
    expect(posts('/api/needs')[0].data).toMatchObject({ categoryId: 1, title: '想申请助餐', photoIds: [41] });
    // Sent: the draft is gone.
    expect(Taro.getStorageSync('draft:report:7')).toBe('');
  });

  it('清空重写 forgets the draft', async () => {
    serve(on('GET', '/api/needs/categories', () => ok(CATEGORIES)));
    const first = renderForm();
    fireEvent.change(first.container.querySelector('.need-form__title')!, { target: { value: '楼道灯坏了' } });
    first.unmount();
    const again = renderForm();
    fireEvent.click(await screen.findByText('清空重写'));
    expect((again.container.querySelector('.need-form__title') as HTMLInputElement).value).toBe('');
    expect(Taro.getStorageSync('draft:report:7')).toBe('');
  });

  it('after a timeout says plainly it may have gone through, keeps the text, and retries with the same Idempotency-Key', async () => {
    let tries = 0;
    serve(
      on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
      on('GET', /^\/api\/needs\/similar/, () => ok([])),
      on('POST', '/api/needs', () => (++tries === 1 ? timeout() : ok(needView({ id: 12 })))),
    );
    const submitted: number[] = [];
    const { container } = renderForm((n) => submitted.push((n as { id: number }).id));
    fireEvent.click(await screen.findByText('环境设施'));
    fireEvent.change(container.querySelector('.need-form__title')!, { target: { value: '电梯坏了' } });
    fireEvent.change(container.querySelector('.need-form__description')!, { target: { value: '三天了' } });
    fireEvent.click(screen.getByText('提交'));

    await waitFor(() => expect(container.querySelector('.retry-bar')).not.toBeNull());
    expect(container.querySelector('.retry-bar__text')?.textContent).toContain('可能已经成功');
    expect(container.querySelector('.retry-bar__text')?.textContent).toContain('不会重复提交');
    expect((container.querySelector('.need-form__title') as HTMLInputElement).value).toBe('电梯坏了');
    fireEvent.click(screen.getByText('重试'));
    await waitFor(() => expect(submitted).toEqual([12]));
    const [a, b] = posts('/api/needs');
    expect(keyOf(a)).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(keyOf(b)).toBe(keyOf(a));
  });

  it('a new submission gets a new key; GETs carry none', async () => {
    serve(on('POST', '/api/needs', () => ok(needView({ id: 1 }))), on('GET', '/api/needs/mine', () => ok([])));
    const input = { categoryId: 1, title: 't', description: 'd', photoIds: [], location: { kind: 'none' as const }, urgency: 'normal' as const, isPublic: false };
    await api.reportNeed(input);
    await api.reportNeed(input);
    await api.myNeeds();
    const [a, b] = posts('/api/needs');
    expect(keyOf(a)).toBeTruthy();
    expect(keyOf(b)).not.toBe(keyOf(a));
    expect(keyOf(fake.requests.find((r) => r.method === 'GET')!)).toBeUndefined();
  });

  it('a failed photo upload can be retried (same key), not only removed', async () => {
    let tries = 0;
    serve(
      on('GET', '/api/needs/categories', () => ok(CATEGORIES)),
      on('POST', '/api/uploads', () => (++tries === 1 ? fail(503, 'SERVICE_UNAVAILABLE', '服务繁忙') : ok({ id: 42, mime: 'image/png', size: 100, url: '/api/uploads/42' }))),
    );
    const { container } = renderForm();
    fireEvent.click(container.querySelector('.photo-picker__add')!);
    await screen.findByText('点此重试');
    fireEvent.click(screen.getByText('点此重试'));
    await waitFor(() => expect(container.querySelector('.photo-picker__status')).toBeNull());
    expect(container.querySelector('.photo-picker__retry')).toBeNull();
    expect(fake.uploads).toHaveLength(2);
    expect(fake.uploads[1].header['Idempotency-Key']).toBe(fake.uploads[0].header['Idempotency-Key']);
  });

  it('says the description can be dictated with the keyboard’s microphone', () => {
    serve(on('GET', '/api/needs/categories', () => ok(CATEGORIES)));
    const { container } = renderForm();
    expect(container.querySelector('.need-form__description')?.getAttribute('placeholder')).toBe(DESCRIPTION_PLACEHOLDER);
    expect(DESCRIPTION_PLACEHOLDER).toContain('话筒');
  });

  it('keeps the rating form’s stars and words as a draft per need', async () => {
    act(() => setMe(me({ id: 7 })));
    serve(on('POST', '/api/needs/11/rate', () => ok(needView({ status: 'rated', rating: 4 }))));
    const first = render(<FeedbackPanel need={needView({ id: 11, status: 'done' })} onChanged={() => undefined} />);
    fireEvent.click(first.container.querySelector('[data-score="4"]')!);
    fireEvent.change(first.container.querySelector('.feedback-panel__comment')!, { target: { value: '修得挺快' } });
    first.unmount();

    const changed: number[] = [];
    const again = render(<FeedbackPanel need={needView({ id: 11, status: 'done' })} onChanged={(n) => changed.push(n.rating!)} />);
    expect(screen.getByText('已恢复您上次没写完的内容')).toBeTruthy();
    expect((again.container.querySelector('.feedback-panel__comment') as HTMLTextAreaElement).value).toBe('修得挺快');
    fireEvent.click(screen.getByText('确认办结并评价'));
    await waitFor(() => expect(changed).toEqual([4]));
    expect(posts('/api/needs/11/rate')[0].data).toMatchObject({ rating: 4, comment: '修得挺快' });
    expect(Taro.getStorageSync('draft:feedback:7:11')).toBe('');
  });
});
