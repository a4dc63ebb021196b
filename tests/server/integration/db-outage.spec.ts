import { createServer, connect, type Server, type Socket } from 'node:net';
import { Need } from '../../../server/src/needs/need.entity';
import { buildTree, categoryId, needBody, resident, type Tree } from '../../helpers/factories';
import { createTestDatabase, dbKind, startTestApp, type TestApp, type TestDatabase } from '../../helpers/test-app';

/**
 * A database outage answered honestly (#14): the server reaches MariaDB through a TCP relay on
 * loopback that the test cuts (every connection dropped, new ones refused) and restores. While
 * it is down every request is a 503 with Retry-After and a Chinese message, never a 500; after it
 * the server recovers by itself, and every request answered as accepted is in the database.
 * (The embedded database has no connection to lose.)
 */
const MARIADB = new URL(process.env.TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306/test');

class Relay {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const db = connect(Number(MARIADB.port || 3306), MARIADB.hostname);
      for (const s of [client, db]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(db).pipe(client);
    });
    await new Promise<void>((done) => this.server!.listen(this.port, '127.0.0.1', done));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
    this.server = null;
  }
}

(dbKind() === 'mariadb' ? describe : describe.skip)('a MariaDB outage: 503 with Retry-After while it lasts, nothing acknowledged lost, recovery by itself', () => {
  let t: TestApp;
  let database: TestDatabase;
  const relay = new Relay();
  let tree: Tree;

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    await relay.up();
    const url = new URL(database.url);
    url.port = String(relay.port);
    t = await startTestApp({ DATABASE_URL: url.toString() });
    tree = await buildTree(t.db);
  });
  afterAll(async () => {
    await t?.close();
    await relay.down();
    await database?.drop();
  });

  it('answers 503 during the outage, and keeps every acknowledged need', async () => {
    const alice = await resident(t, 'o-outage-alice', tree.a);
    const cat = await categoryId(t);
    const acknowledged: number[] = [];
    const report = async (i: number) => {
      const res = await alice.post('/needs', needBody(cat, { title: `停电期间反映的需求${i}` }));
      if (res.status === 201) acknowledged.push(res.data.id);
      return res;
    };
    expect((await report(0)).status).toBe(201);

    await relay.down();
    const during = [await alice.get('/me'), await report(1), await t.api.get(`/public/communities/${tree.a.id}/needs`), await report(2)];
    for (const res of during) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/数据库/), requestId: expect.any(String) });
    }

    await relay.up();
    // The pool finds the database again by itself.
    let back = await report(3);
    for (let i = 0; back.status !== 201 && i < 20; i++) {
      expect(back.status).toBe(503);
      await new Promise((r) => setTimeout(r, 250));
      back = await report(3);
    }
    expect(back.status).toBe(201);
    expect((await alice.get('/me')).status).toBe(200);
    const stored = await t.db.manager.find(Need, { where: { reporterId: alice.userId } });
    expect(stored.map((n) => n.id).sort()).toEqual(acknowledged.sort());
  });
});
