import { sign } from 'jsonwebtoken';
import { JsonLogger } from '../../../server/src/common/logger';
import { DEV_JWT_SECRET } from '../../../server/src/config/app-config';
import { User } from '../../../server/src/users/user.entity';
import { FakeWechatServer } from '../../../server/src/wechat/fake-wechat.server';
import { buildTree, type Tree } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';

describe('identity: WeChat login, tokens, phone binding', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
  });
  afterAll(() => t.close());

  it('logs in with a wx.login code, creates the user once, and never returns the session_key', async () => {
    const first = await t.api.post('/auth/wechat-login', { code: t.fake.issueLoginCode('o-login-1') });
    expect(first.status).toBe(200);
    expect(first.data.isNew).toBe(true);
    expect(first.data.token).toEqual(expect.any(String));
    expect(first.data.me).toMatchObject({ nickname: expect.stringMatching(/^微信用户/), residence: null, roles: [], workbench: false });
    expect(JSON.stringify(first.body)).not.toMatch(/session_?key|openid/i);

    const again = await t.api.post('/auth/wechat-login', { code: t.fake.issueLoginCode('o-login-1') });
    expect(again.status).toBe(200);
    expect(again.data.isNew).toBe(false);
    expect(again.data.me.id).toBe(first.data.me.id);
    expect(await t.db.manager.count(User, { where: { openid: 'o-login-1' } })).toBe(1);

    const stored = await t.db.manager.findOneByOrFail(User, { openid: 'o-login-1' });
    expect(stored.sessionKeyEnc).toMatch(/^v1\./); // encrypted at rest
    const me = await t.api.as(again.data.token).get('/me');
    expect(me.status).toBe(200);
    expect(me.data.id).toBe(first.data.me.id);
  });

  it('refuses a wrong or reused code with a clear 400 and creates nobody', async () => {
    const before = await t.db.manager.count(User);
    const wrong = await t.api.post('/auth/wechat-login', { code: 'not-a-code-wechat-issued' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'WECHAT_CODE_INVALID', message: expect.stringContaining('重新打开') });

    const code = t.fake.issueLoginCode('o-reuse');
    expect((await t.api.post('/auth/wechat-login', { code })).status).toBe(200);
    const reused = await t.api.post('/auth/wechat-login', { code });
    expect(reused.status).toBe(400);
    expect(reused.body.error?.code).toBe('WECHAT_CODE_INVALID');
    expect(await t.db.manager.count(User)).toBe(before + 1);
  });

  it('answers 503 when WeChat itself fails, without creating a user', async () => {
    const before = await t.db.manager.count(User);
    t.fake.failNext('/sns/jscode2session', FakeWechatServer.errors.systemBusy);
    const res = await t.api.post('/auth/wechat-login', { code: t.fake.issueLoginCode('o-busy') });
    expect(res.status).toBe(503);
    expect(res.body.error?.code).toBe('WECHAT_UNAVAILABLE');
    expect(await t.db.manager.count(User)).toBe(before);
  });

  it('tells an expired token apart from a bad one, and rejects requests without a token', async () => {
    const api = await t.login('o-token');
    const expired = sign({ sub: String(api.userId) }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: -10 });
    const res = await t.api.as(expired).get('/me');
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('TOKEN_EXPIRED');

    // A token verified once is remembered, but only until it expires.
    const shortLived = sign({ sub: String(api.userId) }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 });
    expect((await t.api.as(shortLived).get('/me')).status).toBe(200);
    const realNow = Date.now;
    const later = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
    try {
      expect((await t.api.as(shortLived).get('/me')).body.error?.code).toBe('TOKEN_EXPIRED');
    } finally {
      later.mockRestore();
    }

    const forged = sign({ sub: String(api.userId) }, 'some-other-secret', { algorithm: 'HS256', expiresIn: 600 });
    expect((await t.api.as(forged).get('/me')).body.error?.code).toBe('UNAUTHENTICATED');
    expect((await t.api.get('/me')).status).toBe(401);
    expect((await t.api.request('GET', '/me', undefined, { authorization: 'Basic abc' })).status).toBe(401);
  });

  it('binds a phone number from the getPhoneNumber code: encrypted, masked, unique, never logged', async () => {
    const lines: string[] = [];
    const sink = JsonLogger.sink;
    JsonLogger.sink = (line) => lines.push(line);
    JsonLogger.setLevel('debug');
    try {
      const api = await t.login('o-phone-1');
      const res = await api.post('/me/phone', { code: t.fake.issuePhoneCode('13912345678') });
      expect(res.status).toBe(201);
      expect(res.data).toEqual({ phoneMasked: '139****5678' });

      const me = await api.get('/me');
      expect(me.data.phoneMasked).toBe('139****5678');
      expect(JSON.stringify(me.body)).not.toContain('13912345678');

      const row = await t.db.manager.findOneByOrFail(User, { id: api.userId });
      expect(row.phoneEnc).toMatch(/^v1\./);
      expect(row.phoneEnc).not.toContain('13912345678');
      expect(row.phoneHash).toMatch(/^[0-9a-f]{64}$/);

      // The same number on a second account is refused, and the second account keeps no number.
      const other = await t.login('o-phone-2');
      const dup = await other.post('/me/phone', { code: t.fake.issuePhoneCode('13912345678') });
      expect(dup.status).toBe(409);
      expect(dup.body.error?.message).toContain('已绑定其他微信账号');
      expect((await t.db.manager.findOneByOrFail(User, { id: other.userId })).phoneEnc).toBeNull();

      const bad = await other.post('/me/phone', { code: 'forged-code' });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.code).toBe('WECHAT_CODE_INVALID');
    } finally {
      JsonLogger.sink = sink;
      JsonLogger.setLevel('silent');
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('13912345678');
  });

  it('fetches a new access_token once when WeChat says the cached one is stale', async () => {
    const api = await t.login('o-phone-3');
    await api.post('/me/phone', { code: t.fake.issuePhoneCode('13700000001') }); // warms the token cache
    const before = t.fake.countCalls('/cgi-bin/stable_token');
    t.fake.expireAccessTokens();
    const res = await api.post('/me/phone', { code: t.fake.issuePhoneCode('13700000002') });
    expect(res.status).toBe(201);
    expect(res.data.phoneMasked).toBe('137****0002');
    expect(t.fake.countCalls('/cgi-bin/stable_token')).toBe(before + 1);
  });

  it('joins a community as a resident and moves the resident role along when moving', async () => {
    const api = await t.login('o-resident');
    const joined = await api.put('/me/residence', { communityId: tree.a.id, building: '3栋', unit: '2单元' });
    expect(joined.status).toBe(200);
    expect(joined.data.residence).toMatchObject({ communityName: '文昌社区', streetName: '古南街道', districtName: '綦江区', building: '3栋', unit: '2单元' });
    expect(joined.data.roles).toEqual([expect.objectContaining({ role: 'resident', nodeId: tree.a.id, roleLabel: '居民' })]);

    const moved = await api.put('/me/residence', { communityId: tree.b.id, building: '1栋', unit: '1单元' });
    expect(moved.data.roles).toEqual([expect.objectContaining({ role: 'resident', nodeId: tree.b.id })]);

    const street = await api.put('/me/residence', { communityId: tree.street.id, building: '1栋', unit: '1单元' });
    expect(street.status).toBe(400);
    expect(street.body.error?.fields).toEqual([{ field: 'communityId', message: '请选择具体的社区' }]);
    expect((await api.get('/me')).data.residence.communityName).toBe('清河社区');
  });

  it('checks a new nickname with WeChat content security and stores nothing it rejects', async () => {
    const api = await t.login('o-nick');
    const ok = await api.patch('/me', { nickname: '  老王  ' });
    expect(ok.status).toBe(200);
    expect(ok.data.nickname).toBe('老王');
    const bad = await api.patch('/me', { nickname: '赌博代理' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'CONTENT_REJECTED', fields: [{ field: 'nickname', message: '昵称未通过内容安全检查' }] });
    expect((await api.get('/me')).data.nickname).toBe('老王');
  });

  it('has no development login unless configured', async () => {
    const res = await t.api.post('/auth/dev-login', { account: 'wenchang-resident' });
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe('DEV_LOGIN_DISABLED');
    expect((await t.api.get('/auth/demo-accounts')).status).toBe(404);
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ THROTTLE_LOGIN_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 in Chinese after too many logins from one address, and other routes still work', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.api.post('/auth/wechat-login', { code: t.fake.issueLoginCode(`o-rl-${i}`) })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.api.post('/auth/wechat-login', { code: t.fake.issueLoginCode('o-rl-x') });
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' });
    expect((await t.api.get('/health')).status).toBe(200);
  });
});
