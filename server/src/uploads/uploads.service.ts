import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { AppError, ErrorCode, badRequest, notFound } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { canSeePrivate, relationTo } from '../needs/need-access';
import { NeedFollower } from '../needs/need-follower.entity';
import { Need } from '../needs/need.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { covers } from '../roles/access';
import { sniffImage } from './image-type';
import { type LinkType, UploadLink } from './upload-link.entity';
import { Upload, type UploadPurpose } from './upload.entity';

import type { PhotoView } from '../contract/uploads';

export const uploadUrl = (id: number) => `/api/uploads/${id}`;

/**
 * Photos. Accepted by their magic bytes (JPEG, PNG, WebP), up to UPLOAD_MAX_BYTES, written under
 * UPLOAD_DIR with a random name. Served with access control: a photo of a public need is public;
 * otherwise only the uploader, the need's reporter, followers, handler and covering staff see it,
 * and everybody else gets 404 (so its existence does not leak).
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(principal: Principal, request: FastifyRequest): Promise<PhotoView> {
    const maxMb = Math.round((this.config.uploads.maxBytes / 1024 / 1024) * 10) / 10;
    let buf: Buffer;
    try {
      if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传照片（字段名 file）', 'file');
      const part = await request.file({ limits: { fileSize: this.config.uploads.maxBytes, files: 1 } });
      if (!part) throw badRequest('请选择要上传的照片', 'file');
      buf = await part.toBuffer();
    } catch (err) {
      if (err instanceof AppError) throw err;
      const code = (err as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
        throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `照片不能超过 ${maxMb} MB，请压缩后重试`, [{ field: 'file', message: `照片不能超过 ${maxMb} MB` }]);
      }
      throw badRequest('照片上传不完整，请重试', 'file');
    }
    const type = sniffImage(buf);
    if (!type) throw badRequest('只支持 JPG、PNG、WebP 格式的照片', 'file');
    if (buf.length === 0) throw badRequest('照片是空的，请重新选择', 'file');

    const now = this.clock.now();
    const rel = join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), `${randomBytes(16).toString('hex')}.${type.ext}`);
    const abs = this.absolute(rel);
    await mkdir(resolve(abs, '..'), { recursive: true });
    await writeFile(abs, buf, { flag: 'wx' });
    const row = await this.db.manager.save(
      Upload,
      this.db.manager.create(Upload, { ownerId: principal.userId, mime: type.mime, size: buf.length, path: rel, needId: null, purpose: null }),
    );
    return { id: row.id, mime: row.mime, size: row.size, url: uploadUrl(row.id) };
  }

  /**
   * Attaches the caller's own, not yet used uploads to a need, inside the caller's transaction.
   * Refuses (400) if any id is someone else's, unknown or already attached.
   */
  async attach(m: EntityManager, ownerId: number, ids: readonly number[] | undefined, needId: number, purpose: UploadPurpose): Promise<void> {
    const unique = [...new Set(ids ?? [])];
    if (!unique.length) return;
    const field = purpose === 'report' ? 'photoIds' : 'evidencePhotoIds';
    if (await m.count(UploadLink, { where: { uploadId: In(unique) } })) throw badRequest('部分照片已用于议事会或服务项目，请重新上传', field);
    const res = await m
      .createQueryBuilder()
      .update(Upload)
      .set({ needId, purpose })
      .where({ id: In(unique), ownerId, needId: IsNull() })
      .execute();
    if (res.affected !== unique.length) {
      throw badRequest('部分照片不存在、不是您上传的或已被使用，请重新上传', field);
    }
  }

  /**
   * Links the caller's own, unused uploads to a meeting, progress update or completion report,
   * inside the caller's transaction (the unique upload_id makes a photo usable once).
   */
  async link(m: EntityManager, ownerId: number, ids: readonly number[] | undefined, entityType: LinkType, entityId: number, communityId: number, field = 'photoIds'): Promise<void> {
    const unique = [...new Set(ids ?? [])];
    if (!unique.length) return;
    const rows = await m.find(Upload, { where: { id: In(unique), ownerId, needId: IsNull() } });
    const used = await m.count(UploadLink, { where: { uploadId: In(unique) } });
    if (rows.length !== unique.length || used) throw badRequest('部分照片不存在、不是您上传的或已被使用，请重新上传', field);
    const now = this.clock.now();
    await m.insert(
      UploadLink,
      unique.map((uploadId) => ({ uploadId, entityType, entityId, communityId, createdAt: now })),
    );
  }

  async listLinked(entityType: LinkType, entityIds: readonly number[], m: EntityManager = this.db.manager): Promise<Map<number, PhotoView[]>> {
    const out = new Map<number, PhotoView[]>();
    if (!entityIds.length) return out;
    const links = await m.find(UploadLink, { where: { entityType, entityId: In([...entityIds]) }, order: { id: 'ASC' } });
    const uploads = links.length ? await m.find(Upload, { where: { id: In(links.map((l) => l.uploadId)) } }) : [];
    for (const l of links) {
      const u = uploads.find((x) => x.id === l.uploadId);
      if (!u) continue;
      out.set(l.entityId, [...(out.get(l.entityId) ?? []), { id: u.id, mime: u.mime, size: u.size, url: uploadUrl(u.id) }]);
    }
    return out;
  }

  async listFor(needId: number, m: EntityManager = this.db.manager): Promise<Array<PhotoView & { purpose: UploadPurpose | null }>> {
    const rows = await m.find(Upload, { where: { needId }, order: { id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, mime: r.mime, size: r.size, url: uploadUrl(r.id), purpose: r.purpose }));
  }

  /** The file behind an id, if the caller may see it; 404 otherwise. */
  async open(principal: Principal | undefined, id: number): Promise<{ mime: string; body: Buffer; isPublic: boolean }> {
    const upload = await this.db.manager.findOne(Upload, { where: { id } });
    if (!upload) throw notFound('该照片');
    let isPublic = false;
    let allowed = principal?.userId === upload.ownerId;
    if (upload.needId) {
      const need = await this.db.manager.findOneOrFail(Need, { where: { id: upload.needId } });
      isPublic = need.isPublic;
      if (!allowed && !isPublic && principal) {
        const community = await this.db.manager.findOneOrFail(ServiceNode, { where: { id: need.communityId } });
        const follower = (await this.db.manager.count(NeedFollower, { where: { needId: need.id, userId: principal.userId } })) > 0;
        allowed = canSeePrivate(relationTo(principal, need, community, follower));
      }
    }
    if (!allowed && principal) {
      // A meeting or project photo: anyone with a role on or above its community.
      const link = await this.db.manager.findOne(UploadLink, { where: { uploadId: upload.id } });
      const community = link ? await this.db.manager.findOne(ServiceNode, { where: { id: link.communityId } }) : null;
      allowed = Boolean(community && principal.roles.some((g) => covers(g, community)));
    }
    if (!allowed && !isPublic) throw notFound('该照片');
    try {
      return { mime: upload.mime, body: await readFile(this.absolute(upload.path)), isPublic };
    } catch {
      this.logger.warn({ msg: 'upload file missing', uploadId: upload.id });
      throw notFound('该照片');
    }
  }

  private absolute(rel: string): string {
    const root = resolve(this.config.uploads.dir);
    const abs = resolve(root, rel);
    if (!abs.startsWith(root + sep)) throw new Error('upload path escapes UPLOAD_DIR');
    return abs;
  }
}
