import Taro from '@tarojs/taro';
import { fake, type FakeRequest } from './stubs/taro';
import { ApiError, LOGIN_REQUIRED, api, getToken, loginAs, request, setToken } from '../../client/services/api';
import { fail, me, ok } from './fixtures';

const tokenOf = (r: FakeRequest) => r.header.Authorization;

describe('client/services/api', () => {
  beforeEach(() => {
    fake.reset();
  });

  it('sends the stored token, prefixes the base URL and unwraps { data }', async () => {
    setToken('t-1');
    fake.setHandler(() => ok(me()));

    const result = await api.me();

    expect(result.nickname).toBe('王秀英');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].url).toBe('http://api.test/api/me');
    expect(tokenOf(fake.requests[0])).toBe('Bearer t-1');
  });

  it('does not send a token to public endpoints', async () => {
    setToken('t-1');
    fake.setHandler(() => ok([]));

    await api.tree();

    expect(tokenOf(fake.requests[0])).toBeUndefined();
  });

  it('logs in first when there is no token (H5: the remembered demo account)', async () => {
    Taro.setStorageSync('demoAccount', 'wenchang-resident');
    fake.setHandler((req) => {
      if (req.url.endsWith('/api/auth/dev-login')) return ok({ token: 'fresh', expiresIn: 3600, isNew: false, me: me() });
      return req.header.Authorization === 'Bearer fresh' ? ok(me()) : fail(401, 'UNAUTHENTICATED', '请先登录');
    });

    await api.me();

    expect(fake.requests.map((r) => r.url)).toEqual(['http://api.test/api/auth/dev-login', 'http://api.test/api/me']);
    expect(fake.requests[0].data).toEqual({ account: 'wenchang-resident' });
    expect(getToken()).toBe('fresh');
  });

  it('re-logs in once for concurrent callers whose token expired, then retries each of them', async () => {
    setToken('old');
    Taro.setStorageSync('demoAccount', 'wenchang-staff');
    let logins = 0;
    fake.setHandler(async (req) => {
      if (req.url.endsWith('/dev-login')) {
        logins++;
        await new Promise((r) => setTimeout(r, 20));
        return ok({ token: `new-${logins}`, expiresIn: 3600, isNew: false, me: me() });
      }
      if (req.header.Authorization === 'Bearer old') return fail(401, 'TOKEN_EXPIRED', '登录已过期，请重新登录');
      return ok({ path: req.url, token: req.header.Authorization });
    });

    const results = await Promise.all([request('/api/a'), request('/api/b'), request('/api/c')]);

    expect(logins).toBe(1);
    expect(results).toEqual([
      { path: 'http://api.test/api/a', token: 'Bearer new-1' },
      { path: 'http://api.test/api/b', token: 'Bearer new-1' },
      { path: 'http://api.test/api/c', token: 'Bearer new-1' },
    ]);
    expect(fake.toasts).toEqual([]);
  });

  it('re-logs in at most once per request: a second 401 is an error, not a loop', async () => {
    setToken('old');
    Taro.setStorageSync('demoAccount', 'wenchang-staff');
    fake.setHandler((req) =>
      req.url.endsWith('/dev-login') ? ok({ token: 'new', expiresIn: 3600, isNew: false, me: me() }) : fail(401, 'TOKEN_EXPIRED', '登录已过期，请重新登录'),
    );

    await expect(request('/api/x')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 });
    expect(fake.requests.filter((r) => r.url.endsWith('/dev-login'))).toHaveLength(1);
    expect(fake.requests.filter((r) => r.url.endsWith('/api/x'))).toHaveLength(2);
  });

  it('does not re-log in for other errors, and turns { error } into an ApiError with a toast', async () => {
    setToken('t-1');
    fake.setHandler(() => fail(400, 'VALIDATION_FAILED', '填写的内容有误', [{ field: 'building', message: '楼栋不能为空' }]));

    const err = await request('/api/me/residence', { method: 'PUT', data: {} }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, message: '填写的内容有误', requestId: 'req-1', fields: [{ field: 'building', message: '楼栋不能为空' }] });
    expect(fake.toasts).toEqual(['填写的内容有误：楼栋不能为空']);
    expect(fake.requests).toHaveLength(1);
  });

  it('shows the server message for a 403 and no toast when asked not to', async () => {
    setToken('t-1');
    fake.setHandler(() => fail(403, 'OUT_OF_SCOPE', '这不在您负责的社区范围内'));

    await expect(request('/api/x')).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(request('/api/x', { toast: false })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });

    expect(fake.toasts).toEqual(['这不在您负责的社区范围内']);
  });

  it('reports LOGIN_REQUIRED without a toast when H5 has no account chosen', async () => {
    await expect(api.me()).rejects.toMatchObject({ code: LOGIN_REQUIRED });
    expect(fake.requests).toHaveLength(0);
    expect(fake.toasts).toEqual([]);
  });

  it('turns a network failure into a readable message', async () => {
    setToken('t-1');
    fake.setHandler(() => Promise.reject(new Error('request:fail')));

    await expect(request('/api/x')).rejects.toMatchObject({ code: 'NETWORK' });
    expect(fake.toasts).toEqual(['网络连接失败，请检查网络后重试']);
  });

  it('says whether a submission may have gone through: a timeout may have, a failed connection probably did not (#17)', async () => {
    setToken('t-1');
    fake.setHandler(() => Promise.reject({ errMsg: 'request:fail timeout' }));
    await expect(request('/api/x', { method: 'POST' })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('可能已经成功') });
    await expect(request('/api/x')).rejects.toMatchObject({ code: 'TIMEOUT', message: '网络太慢，加载超时，请稍后重试' });
    fake.setHandler(() => Promise.reject({ errMsg: 'request:fail' }));
    await expect(request('/api/x', { method: 'POST' })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('可能没有发出') });
    // Every POST carried a key; the GET none.
    expect(fake.requests.filter((r) => r.method === 'POST').every((r) => /^[A-Za-z0-9_-]{8,64}$/.test(r.header['Idempotency-Key']))).toBe(true);
    expect(fake.requests.find((r) => r.method === 'GET')?.header['Idempotency-Key']).toBeUndefined();
  });

  it('loginAs remembers the demo account and forgets it when the login fails', async () => {
    fake.setHandler(() => fail(404, 'DEV_LOGIN_DISABLED', '开发登录未开启，请在微信中打开小程序'));

    await expect(loginAs('wenchang-resident')).rejects.toMatchObject({ code: 'DEV_LOGIN_DISABLED' });

    expect(Taro.getStorageSync('demoAccount')).toBe('');
    expect(fake.toasts).toEqual(['开发登录未开启，请在微信中打开小程序']);
  });
});
