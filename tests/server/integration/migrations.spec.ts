import { DataSource } from 'typeorm';
import { loadConfig } from '../../../server/src/config/app-config';
import { dataSourceOptions, openDataSource } from '../../../server/src/data-source';
import { MIGRATIONS } from '../../../server/src/database/migrations';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-app';

/**
 * An upgrade keeps what was there: a database migrated to an earlier version and filled with
 * data in that version's shape is migrated to the latest, on both databases. SQLite changes a
 * table by rebuilding it, which with foreign keys enforced would cascade deletes into the rows
 * that point at it; this checks nothing is lost and the data moves where it belongs.
 */
describe('upgrading a database with data in it', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const count = async (ds: DataSource, sql: string) => Number((await ds.query(sql))[0].n);

  it('moves every attachment into upload_link and keeps every row', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url });
    const upTo = MIGRATIONS.findIndex((mig) => mig.name === 'Attachments1764250000000');
    expect(upTo).toBeGreaterThan(0);

    // The database as it was before the attachments step, with data in it.
    const old = new DataSource({ ...dataSourceOptions(config.database), migrations: MIGRATIONS.slice(0, upTo) });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    const now = '2026-11-20 10:00:00.000';
    await old.query("INSERT INTO service_node (id, parent_id, level, name, path, created_at) VALUES (1, NULL, 'community', '文昌社区', '/1/', ?)", [now]);
    await old.query("INSERT INTO app_user (id, openid, nickname, created_at) VALUES (1, 'o-1', '王秀英', ?), (2, 'o-2', '李娜', ?)", [now, now]);
    const cat = Number((await old.query("SELECT id FROM need_category WHERE `key` = 'facilities'"))[0].id);
    await old.query(
      `INSERT INTO need (id, community_id, category_id, title, description, status, urgency, priority, is_public, reporter_id, entered_by, proxy, location_kind, me_too_count, reopen_count, created_at, updated_at)
       VALUES (1, 1, ?, '楼道灯坏了', '楼道灯坏了', 'done', 'normal', 0, 1, 1, 1, 0, 'none', 1, 0, ?, ?)`,
      [cat, now, now],
    );
    await old.query("INSERT INTO need_follower (need_id, user_id, kind, created_at) VALUES (1, 2, 'me_too', ?)", [now]);
    const upload = (id: number, owner: number, needId: number | null, purpose: string | null) =>
      old.query('INSERT INTO upload (id, owner_id, mime, size, path, need_id, purpose, created_at) VALUES (?, ?, ?, 10, ?, ?, ?, ?)', [id, owner, 'image/png', `p${id}.png`, needId, purpose, now]);
    await upload(1, 1, 1, 'report');
    await upload(2, 2, 1, 'evidence');
    await upload(3, 2, null, null); // a wish's delivery photo
    await upload(4, 2, null, null); // a fund receipt
    await upload(5, 2, null, null); // never used
    await old.query("INSERT INTO fund (id, node_id, balance, created_at, updated_at) VALUES (1, 1, 5000, ?, ?)", [now, now]);
    await old.query(
      "INSERT INTO fund_entry (id, fund_id, flow, kind, amount, occurred_on, anonymous, receipt_upload_id, recorded_by, created_at) VALUES (1, 1, 'in', 'donation', 5000, '2026-11-20', 1, 4, 2, ?)",
      [now],
    );
    await old.query(
      `INSERT INTO wish (id, community_id, title, story, value_fen, category, beneficiary_masked, beneficiary_name_enc, contact_text, status, delivered_at, delivery_photo_upload_id, photo_public, created_at, updated_at)
       VALUES (1, 1, '一台收音机', '老人爱听戏', 12000, 'elderly_alone', '张**', 'x', '联系社区', 'delivered', ?, 3, 0, ?, ?)`,
      [now, now, now],
    );
    await old.destroy();

    // The latest version, as the server opens it.
    const ds = await openDataSource(config.database, { migrate: true });
    try {
      const links = await ds.query('SELECT upload_id, entity_type, entity_id, community_id FROM upload_link ORDER BY upload_id');
      expect(links.map((l: Record<string, unknown>) => [Number(l.upload_id), l.entity_type, Number(l.entity_id), Number(l.community_id)])).toEqual([
        [1, 'need_report', 1, 1],
        [2, 'need_evidence', 1, 1],
        [3, 'wish_delivery', 1, 1],
        [4, 'fund_receipt', 1, 1],
      ]);
      // Nothing cascaded away while the upload table was rebuilt.
      expect(await count(ds, 'SELECT COUNT(*) AS n FROM upload')).toBe(5);
      expect(await count(ds, 'SELECT COUNT(*) AS n FROM need_follower')).toBe(1);
      expect(await count(ds, 'SELECT COUNT(*) AS n FROM need')).toBe(1);
      expect(await count(ds, 'SELECT COUNT(*) AS n FROM fund_entry WHERE receipt_upload_id = 4')).toBe(1);
      const columns = (await ds.createQueryRunner().getTable('upload'))!.columns.map((c) => c.name).sort();
      expect(columns).toEqual(['check_status', 'check_trace', 'created_at', 'id', 'mime', 'owner_id', 'path', 'size', 'thumb_path']);
      // Sweep leases (#16): one row per sweep, keyed by its name.
      const lease = (await ds.createQueryRunner().getTable('job_lease'))!;
      expect(lease.columns.map((c) => c.name).sort()).toEqual(['expires_at', 'holder', 'name']);
      expect(lease.primaryColumns.map((c) => c.name)).toEqual(['name']);
      expect(await count(ds, 'SELECT COUNT(*) AS n FROM job_lease')).toBe(0);
    } finally {
      await ds.destroy();
    }
  });
});
