import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { JsonLogger } from '../../../server/src/common/logger';
import { Organization } from '../../../server/src/orgs/organization.entity';
import { User } from '../../../server/src/users/user.entity';
import { buildTree, person, type Tree } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';

describe('foundation: error shape, validation, health, docs', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
  });
  afterAll(() => t.close());

  it('answers health with the database it checked', async () => {
    const res = await t.api.get('/health');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ status: 'ok', database: { kind: t.kind } });
  });

  it('has no time-travel endpoint unless DEV_CLOCK turned it on', async () => {
    const res = await t.api.post('/dev/clock', { minutes: 60 });
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe('NOT_FOUND');
  });

  it('serves the OpenAPI document', async () => {
    const res = await fetch(`${t.url}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/wechat-login', '/api/me', '/api/roles']));
  });

  it('declares a response for every operation, and every schema it names exists (integrators read it)', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const undeclared: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const ok = Object.entries(op.responses ?? {}).some(([status, r]) => /^2/.test(status) && r.content && Object.keys(r.content).length);
        if (!ok) undeclared.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undeclared).toEqual([]);
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });

  it('names each invalid field in Chinese, and refuses fields it does not know', async () => {
    const api = await t.login('o-validation');
    const res = await api.put('/me/residence', { communityId: 'abc', building: '', unit: 'x'.repeat(17), color: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    const fields = Object.fromEntries(res.body.error!.fields!.map((f) => [f.field, f.message]));
    expect(fields).toEqual({
      communityId: '社区应为整数',
      building: '请填写楼栋',
      unit: '单元不能超过 16 个字',
      color: '不支持的字段“color”，请去掉后重试',
    });
  });

  it('answers malformed JSON, unknown routes and missing tokens with the same error shape', async () => {
    const bad = await t.api.request('POST', '/auth/wechat-login', '{"code":', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String), requestId: expect.any(String) });

    // wx.request sends `content-type: application/json` with an empty body for actions without input.
    const someone = await person(t, 'empty-body');
    const empty = await someone.request('POST', '/inbox/read-all', '', { 'content-type': 'application/json' });
    expect(empty.status).toBe(200);

    const missing = await t.api.get('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('NOT_FOUND');

    const anon = await t.api.get('/me');
    expect(anon.status).toBe(401);
    expect(anon.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('echoes a caller-supplied request id, and makes one otherwise', async () => {
    const res = await t.api.request('GET', '/me', undefined, { 'x-request-id': 'trace-abc-12345' });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-12345');
    expect(res.body.error?.requestId).toBe('trace-abc-12345');
    const other = await t.api.get('/me');
    expect(other.body.error?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('denies by default: a route without @Public needs a token, a role route needs the role', async () => {
    const resident = await person(t, 'o-plain-resident', [['resident', tree.a]]);
    const res = await resident.post('/orgs', { nodeId: tree.a.id, name: '某协会', kind: 'community_org' });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
    expect(await t.db.manager.count(Organization)).toBe(0);
  });
});

describe('foundation: unexpected failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await buildTree(t.db);
  });
  afterAll(() => t.close());

  it('answers an unknown error as 500 with a request id and no internals, and logs it without personal data', async () => {
    const lines: string[] = [];
    const sink = JsonLogger.sink;
    JsonLogger.sink = (line) => lines.push(line);
    JsonLogger.setLevel('error');
    try {
      await t.db.query('ALTER TABLE organization RENAME TO organization_gone');
      const res = await t.api.request('GET', '/orgs?nodeId=1', undefined, { 'x-request-id': 'boom-req-0001' });
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({
        code: 'INTERNAL',
        message: expect.stringContaining('boom-req-0001'),
        requestId: 'boom-req-0001',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/organization|SQL|select|stack/i);
    } finally {
      JsonLogger.sink = sink;
      JsonLogger.setLevel('silent');
    }
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.reqId === 'boom-req-0001');
    expect(logged).toMatchObject({ level: 'error', msg: 'unhandled error', route: '/api/orgs' });
  });
});

describe('foundation: concurrency on the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('keeps every committed transaction and none of the rolled-back ones when they interleave', async () => {
    // Each transaction awaits between its writes, so on a shared SQLite connection they would
    // interleave (one's ROLLBACK undoing another's rows) unless transactions are serialized.
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.db
          .transaction(async (m) => {
            await m.insert(User, { openid: `o-tx-${i}`, nickname: `并发${i}`, createdAt: new Date() });
            await new Promise((r) => setTimeout(r, i % 5));
            await m.insert(AuditLog, { actorId: null, action: 'test.tx', entityType: 'user', entityId: i, createdAt: new Date() });
            if (i % 3 === 0) throw new Error('roll back');
            return 'committed';
          })
          .catch(() => 'rolled back'),
      ),
    );
    const committed = outcomes.filter((o) => o === 'committed').length;
    expect(committed).toBe(40);
    const users = await t.db.manager.find(User, { where: {} });
    const names = users.filter((u) => u.openid.startsWith('o-tx-')).map((u) => Number(u.openid.slice(5))).sort((a, b) => a - b);
    expect(names).toEqual(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 3 !== 0));
    expect(await t.db.manager.count(AuditLog, { where: { action: 'test.tx' } })).toBe(40);
  });

  it('creates each of 40 people logging in at the same moment exactly once, all answered 200', async () => {
    const codes = Array.from({ length: 40 }, (_, i) => t.fake.issueLoginCode(`o-crowd-${i}`));
    const results = await Promise.all(codes.map((code) => t.api.post('/auth/wechat-login', { code })));
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
    const ids = new Set(results.map((r) => r.data.me.id));
    expect(ids.size).toBe(40);
    const rows = await t.db.query(`SELECT COUNT(*) AS n FROM app_user WHERE openid LIKE 'o-crowd-%'`);
    expect(Number(rows[0].n)).toBe(40);
    const registered = await t.db.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.register'`);
    expect(Number(registered[0].n)).toBeGreaterThanOrEqual(40);
  });
});
