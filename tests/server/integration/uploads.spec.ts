import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Upload } from '../../../server/src/uploads/upload.entity';
import { buildTree, fetchFile, PNG_1X1, resident, type Tree, uploadFile } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

/** Every file under a folder (the upload folder: nothing half-stored may be left there). */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
  } catch {
    return [];
  }
}

/** Photos are decoded before they are accepted and re-encoded without metadata (#14). */
describe('uploads: decoded, re-encoded without EXIF, capped, thumbnailed; truncated and oversize refused', () => {
  let t: TestApp;
  let tree: Tree;
  let alice: Api & { userId: number };

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_MAX_BYTES: String(256 * 1024) });
    tree = await buildTree(t.db);
    alice = await resident(t, 'o-up-alice', tree.a);
  });
  afterAll(() => t.close());

  it('keeps no EXIF (the GPS of a resident’s home), caps the long edge at 2048 px and makes a 320 px thumbnail', async () => {
    const photo = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: { r: 200, g: 30, b: 40 } } })
      .jpeg({ quality: 40 })
      .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Old Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 1/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 39/1 0/1' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await uploadFile(alice, photo, 'home.jpg', 'image/jpeg');
    expect(res.status).toBe(201);
    const stored = await fetchFile(alice, `/api/uploads/${res.body.data.id}`);
    expect(stored.status).toBe(200);
    const meta = await sharp(stored.bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2048, height: 1024 });
    expect(meta.exif).toBeUndefined();
    expect(stored.bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
    const thumb = await fetchFile(alice, `/api/uploads/${res.body.data.id}/thumb`);
    expect(thumb.type).toContain('image/webp');
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ format: 'webp', width: 320, height: 160 });
    // Someone else sees neither (not attached yet).
    const bob = await resident(t, 'o-up-bob', tree.a);
    expect((await fetchFile(bob, `/api/uploads/${res.body.data.id}/thumb`)).status).toBe(404);
  });

  it('refuses a truncated PNG; strips what a polyglot carries behind its picture', async () => {
    const before = await t.db.manager.count(Upload);
    const truncated = await uploadFile(alice, PNG_1X1.subarray(0, 8));
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.message).toContain('已损坏或不完整');
    const halfImage = await uploadFile(alice, PNG_1X1.subarray(0, PNG_1X1.length - 20));
    expect(halfImage.status).toBe(400);
    expect(await t.db.manager.count(Upload)).toBe(before);

    const polyglot = Buffer.concat([PNG_1X1, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    const res = await uploadFile(alice, polyglot);
    expect(res.status).toBe(201);
    const stored = await fetchFile(alice, `/api/uploads/${res.body.data.id}`);
    expect(stored.bytes.includes(Buffer.from('<script>'))).toBe(false);
  });

  it('refuses a file over the limit every time, storing nothing', async () => {
    const files = filesUnder(t.config.uploads.dir).length;
    const rows = await t.db.manager.count(Upload);
    const noise = await sharp(Buffer.from(Array.from({ length: 400 * 400 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 400, height: 400, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(256 * 1024);
    for (let i = 0; i < 6; i++) {
      const res = await uploadFile(alice, noise);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(await t.db.manager.count(Upload)).toBe(rows);
    expect(filesUnder(t.config.uploads.dir).length).toBe(files);
  });
});
