import { request as httpRequest } from 'node:http';
import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/**
 * Malformed requests to every operation of the API, found by walking its own OpenAPI document
 * (#14): wrong types, arrays and nulls where objects or values belong, huge strings, bad ids,
 * invalid JSON — as a signed-in staff member and admin, so that the requests get past the guards.
 * Every answer must be below 500 and, when refused, in the one error shape with a Chinese message.
 */

interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: 'path' | 'query'; required?: boolean }>;
  bodyProps: string[];
  hasBody: boolean;
}

type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[] };

/** Path segments as sent (already escaped): a malformed escape and one over the router's length limit among them. */
const BAD_IDS = ['0', '-1', '1e2', '0x10', '1.5', 'abc', '99999999999999999999', 'x'.repeat(300), '%E0%A4%A', '%201', 'null'];
const BAD_VALUES: unknown[] = [null, [], {}, 'x'.repeat(20_000), -1, 1.5, true, '1e2', ['a', { b: 1 }], { $gt: '' }];
const BAD_BODIES: unknown[] = [[], [{}], null, 'text', 42, true];

function operations(doc: any): Operation[] {
  const out: Operation[] = [];
  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (!s) return s;
    if (s.$ref) return resolve(doc.components?.schemas?.[s.$ref.split('/').pop()!]);
    if (s.allOf) return { properties: Object.assign({}, ...s.allOf.map((x) => resolve(x)?.properties ?? {})) };
    return s;
  };
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const schema = resolve(op.requestBody?.content?.['application/json']?.schema);
      out.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p: any) => p.in === 'path' || p.in === 'query'),
        bodyProps: Object.keys(schema?.properties ?? {}),
        hasBody: Boolean(op.requestBody),
      });
    }
  }
  return out;
}

/** The operation's path with its path parameters filled (`value` for the one named, 1 for the others). */
function fill(op: Operation, name?: string, value?: string): string {
  return op.path.replace(/\{(\w+)\}/g, (_, p: string) => (p === name ? value! : '1'));
}

/** A raw request (no client-side parsing): status, content type and text. */
async function send(url: string, method: string, path: string, token: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('every operation of /api/docs-json, fed malformed requests: no 5xx, always the error shape', () => {
  let t: TestApp;
  let tree: Tree;
  let tokens: string[];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    const staff = await person(t, 'o-fuzz-staff', [['staff', tree.a], ['admin', tree.district], ['social_worker', tree.a], ['volunteer', tree.a]]);
    const someone = await resident(t, 'o-fuzz-resident', tree.a);
    await reportNeed(someone, await categoryId(t));
    tokens = [staff.token!, someone.token!];
  });
  afterAll(() => t.close());

  const expectShape = (what: string, r: { status: number; type: string; text: string }) => {
    if (r.status >= 500) {
      problems.push(`${what} → ${r.status} ${r.text.slice(0, 160)}`);
      return;
    }
    if (r.status < 400) return;
    let body: any;
    try {
      body = JSON.parse(r.text);
    } catch {
      problems.push(`${what} → ${r.status} not JSON: ${r.text.slice(0, 80)}`);
      return;
    }
    const e = body?.error;
    if (typeof e?.code !== 'string' || typeof e?.message !== 'string' || typeof e?.requestId !== 'string' || /FST_|HPE_|Error:/.test(e.message) || !/[\u4e00-\u9fff]/.test(e.message)) {
      problems.push(`${what} → ${r.status} not the error shape in Chinese: ${r.text.slice(0, 160)}`);
    }
  };

  it('answers every malformed request with a 4xx in the error shape (or a success), never a 5xx', async () => {
    const doc = await (await fetch(`${t.url}/api/docs-json`)).json();
    // Deleting runs last: a revoked grant would turn the rest into plain 403s.
    const ops = operations(doc).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    expect(ops.length).toBeGreaterThan(100);
    let sent = 0;
    for (const op of ops) {
      const token = op.path.startsWith('/api/me') || op.path.includes('/me/') ? tokens[1] : tokens[0];
      const run = async (what: string, path: string, body?: string, headers?: Record<string, string>) => {
        sent++;
        expectShape(`${op.method} ${what}`, await send(t.url, op.method, path, token, body, headers));
      };
      // Bad ids in each path parameter.
      for (const p of op.params.filter((x) => x.in === 'path')) {
        for (const bad of BAD_IDS) await run(`${op.path} [${p.name}=${bad.slice(0, 20)}]`, fill(op, p.name, bad), op.hasBody ? '{}' : undefined);
      }
      // Bad values in each query parameter.
      for (const p of op.params.filter((x) => x.in === 'query')) {
        for (const bad of ['abc', '1e2', '-1', '[]', 'x'.repeat(5000), '']) await run(`${op.path} ?${p.name}=${bad.slice(0, 20)}`, `${fill(op)}?${p.name}=${encodeURIComponent(bad)}`, op.hasBody ? '{}' : undefined);
        await run(`${op.path} ?${p.name}[]=1`, `${fill(op)}?${p.name}=1&${p.name}=2`, op.hasBody ? '{}' : undefined);
      }
      if (!op.hasBody) continue;
      // Whole bodies of the wrong kind, and invalid JSON.
      for (const bad of BAD_BODIES) await run(`${op.path} body=${JSON.stringify(bad)}`, fill(op), JSON.stringify(bad));
      await run(`${op.path} body={"a":`, fill(op), '{"a":');
      await run(`${op.path} body=__proto__`, fill(op), '{"__proto__":{"admin":true}}');
      // Each field of the body given a wrong value (the others absent).
      for (const prop of op.bodyProps) {
        for (const bad of BAD_VALUES) await run(`${op.path} {${prop}: ${JSON.stringify(bad).slice(0, 20)}}`, fill(op), JSON.stringify({ [prop]: bad }));
      }
    }
    // Outside the routes: an unknown path, a URL too long for the router, a malformed escape.
    for (const path of ['/api/nope', `/api/needs/${'1'.repeat(500)}`, '/api/needs/%E0%A4%A']) {
      sent++;
      expectShape(`GET ${path.slice(0, 40)}`, await send(t.url, 'GET', path, tokens[0]));
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(2000);
  }, 600_000);

  it('answers headers too large (431) in the error shape', async () => {
    const status = await new Promise<{ status: number; text: string }>((done, fail) => {
      const req = httpRequest(`${t.url}/api/health`, { headers: { 'x-big': 'x'.repeat(40_000) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', fail);
      req.end();
    });
    expect(status.status).toBe(431);
    expect(JSON.parse(status.text)).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('请求头太大'), requestId: expect.any(String) } });
  });

  it('refuses a signed token without an expiry, or whose subject is not a user id', async () => {
    const { JwtService } = await import('@nestjs/jwt');
    const { jwtKey } = await import('../../../server/src/auth/jwt-key');
    const jwt = new JwtService();
    const secret = jwtKey(t.config.jwt.secret);
    const forever = await jwt.signAsync({ sub: '1' }, { secret, algorithm: 'HS256' });
    const weird = await jwt.signAsync({ sub: '1 OR 1=1' }, { secret, algorithm: 'HS256', expiresIn: 600 });
    const objectSub = await jwt.signAsync({ sub: { id: 1 } } as any, { secret, algorithm: 'HS256', expiresIn: 600 });
    for (const token of [forever, weird, objectSub]) {
      const r = await send(t.url, 'GET', '/api/me', token);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.text).error).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录信息无效，请重新登录' });
    }
  });
});
