import { PiiCipher } from '../common/crypto';
import { NotificationsService } from '../notifications/notifications.service';
import { WechatClient } from '../wechat/wechat.client';
import { inTransaction } from '../database/transaction';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { AppError, ErrorCode, badRequest, busy, notFound } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { PhotoView, UploadCheck } from '../contract/uploads';
import { covers, hasRoleOn } from '../roles/access';
import { MANAGER_ROLES, type Role } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { processImage } from './image-pipeline';
import { sniffImage } from './image-type';
import { OBJECT_STORAGE, type ObjectStorage } from './object-storage';
import { type LinkType, UploadLink } from './upload-link.entity';
import { Upload } from './upload.entity';

export const uploadUrl = (id: number) => `/api/uploads/${id}`;

/** Who may see an attached photo, and whether it may be cached publicly. */
export interface AttachmentAccess {
  allowed: boolean;
  isPublic: boolean;
}
/** A domain's rule for the kinds of attachment it owns (the need decides for its photos, the fund for its receipts …). */
export type AttachmentPolicy = (principal: Principal | undefined, link: UploadLink, m: EntityManager) => Promise<AttachmentAccess>;

/** A policy for working records: whoever holds one of `roles` (any role when omitted) on or above the attachment's node; never public. */
export function rolesOnNodePolicy(roles?: readonly Role[]): AttachmentPolicy {
  return async (principal, link, m) => {
    if (!principal) return { allowed: false, isPublic: false };
    const node = await m.findOne(ServiceNode, { where: { id: link.communityId } });
    return { allowed: Boolean(node && principal.roles.some((g) => (!roles || roles.includes(g.role)) && covers(g, node))), isPublic: false };
  };
}

/**
 * Photos, and every attachment of every domain. Accepted by their magic bytes (JPEG, PNG, WebP),
 * up to UPLOAD_MAX_BYTES, stored with a random name in the OBJECT_STORAGE (UPLOAD_DIR, or the
 * S3 bucket every instance shares). An upload is attached to
 * one thing, once (upload_link); the domain owning that kind of thing registers who may see it.
 * Until it is attached only its uploader sees it; anyone not allowed gets 404, so its existence
 * does not leak. uploads/ imports no domain: the domains call it.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);
  private readonly policies = new Map<LinkType, AttachmentPolicy>();

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly wechat: WechatClient,
    private readonly pii: PiiCipher,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  /** Called by the domain that owns these kinds of attachment (in its service's constructor). */
  registerPolicy(types: readonly LinkType[], policy: AttachmentPolicy): void {
    for (const t of types) this.policies.set(t, policy);
  }

  async receive(principal: Principal, request: FastifyRequest): Promise<PhotoView> {
    const maxMb = Math.round((this.config.uploads.maxBytes / 1024 / 1024) * 10) / 10;
    let buf: Buffer;
    try {
      if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传照片（字段名 file）', 'file');
      const part = await request.file({ limits: { fileSize: this.config.uploads.maxBytes, files: 1 }, throwFileSizeLimit: true });
      if (!part) throw badRequest('请选择要上传的照片', 'file');
      buf = await part.toBuffer();
      // A stream cut at the size limit is refused, never stored half.
      if (part.file.truncated) throw Object.assign(new Error('truncated'), { code: 'FST_REQ_FILE_TOO_LARGE' });
    } catch (err) {
      if (err instanceof AppError) throw err;
      const code = (err as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
        throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `照片不能超过 ${maxMb} MB，请压缩后重试`, [{ field: 'file', message: `照片不能超过 ${maxMb} MB` }]);
      }
      throw badRequest('照片上传不完整，请重试', 'file');
    }
    if (buf.length === 0) throw badRequest('照片是空的，请重新选择', 'file');
    const type = sniffImage(buf);
    if (!type) throw badRequest('只支持 JPG、PNG、WebP 格式的照片', 'file');
    const image = await processImage(buf, type);
    if (!image) throw badRequest('这张照片已损坏或不完整，请重新拍摄或选择', 'file');

    const now = this.clock.now();
    // Keys with '/' on every system (they are S3 keys too); the row is written after both objects.
    const name = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomBytes(16).toString('hex')}`;
    const rel = `${name}.${type.ext}`;
    const thumbRel = `${name}.thumb.webp`;
    try {
      await this.storage.put(rel, image.body, type.mime);
      await this.storage.put(thumbRel, image.thumb, 'image/webp');
    } catch (err) {
      this.logger.warn({ msg: 'photo not stored', storage: this.storage.kind, err: (err as Error).message });
      throw busy('照片存储暂时无法访问，请稍后重新上传', 5);
    }
    const row = await this.db.manager.save(
      Upload,
      this.db.manager.create(Upload, { ownerId: principal.userId, mime: type.mime, size: image.body.length, path: rel, thumbPath: thumbRel, checkStatus: 'pending' }),
    );
    await this.requestCheck(row, principal.openid);
    return { id: row.id, mime: row.mime, size: row.size, url: uploadUrl(row.id), check: 'pending' };
  }

  /**
   * Asks WeChat to check the image (mediaCheckAsync): it fetches the photo from a signed URL and
   * pushes the verdict to /api/wechat/push. If WeChat cannot be reached the photo stays pending
   * (its uploader and staff see it) and the failure is logged.
   */
  private async requestCheck(row: Upload, openid: string): Promise<void> {
    try {
      const { traceId } = await this.wechat.mediaCheckAsync({ mediaUrl: `${this.config.publicBaseUrl}/api/uploads/${row.id}/media/${this.mediaSignature(row.id)}`, openid, scene: 3 });
      await this.db.manager.update(Upload, { id: row.id }, { checkTrace: traceId });
    } catch (err) {
      this.logger.warn({ msg: 'image content check not requested', uploadId: row.id, err: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The signature in the URL WeChat fetches a photo from for its check (no login there). */
  mediaSignature(id: number): string {
    return this.pii.lookupHash('media-check', String(id)).slice(0, 32);
  }

  /** The photo for WeChat's checker, by the signed URL only. */
  async mediaForCheck(id: number, signature: string): Promise<{ mime: string; body: Buffer; isPublic: boolean }> {
    const upload = await this.db.manager.findOne(Upload, { where: { id } });
    if (!upload || signature !== this.mediaSignature(id)) throw notFound('该照片');
    return { mime: upload.mime, body: await this.bytes(upload.id, upload.path), isPublic: false };
  }

  /** Whether the photo has a verdict yet (its uploader asks, to show 审核中). */
  async checkOf(principal: Principal, id: number): Promise<UploadCheck> {
    const upload = await this.db.manager.findOne(Upload, { where: { id, ownerId: principal.userId } });
    if (!upload) throw notFound('该照片');
    return { check: upload.checkStatus };
  }

  /**
   * The verdict WeChat pushed for a check (event wxa_media_check). A risky photo is withdrawn —
   * only staff still see it — and its uploader is told. The push can come before the trace id
   * is stored (WeChat answers the check and pushes separately): waited for briefly.
   */
  async applyVerdict(traceId: string, suggest: string): Promise<void> {
    let upload: Upload | null = null;
    for (let i = 0; i < 40 && !upload; i++) {
      upload = await this.db.manager.findOne(Upload, { where: { checkTrace: traceId } });
      if (!upload) await new Promise((r) => setTimeout(r, 50));
    }
    if (!upload) {
      this.logger.warn({ msg: 'media check verdict for an unknown trace', traceId });
      return;
    }
    const status = suggest === 'pass' ? 'pass' : suggest === 'risky' ? 'risky' : 'pending';
    await inTransaction(this.db, async (m) => {
      await m.update(Upload, { id: upload!.id }, { checkStatus: status });
      if (status === 'risky') {
        await this.notifications.notify(m, {
          userIds: [upload!.ownerId],
          title: '照片未通过内容安全检查',
          body: '您上传的一张照片未通过微信内容安全检查，已撤下，其他人看不到。如有疑问请联系社区工作人员。',
          page: null,
        });
      }
    });
    this.logger.log({ msg: 'media check verdict', uploadId: upload.id, status });
  }

  /**
   * Attaches the caller's own, not yet attached uploads to a thing, inside the caller's
   * transaction. Refuses (400, on `field`) if any id is unknown, someone else's or already used:
   * the unique upload_id makes a photo usable once.
   */
  async attach(m: EntityManager, ownerId: number, ids: readonly number[] | undefined, type: LinkType, entityId: number, nodeId: number, field = 'photoIds'): Promise<void> {
    const unique = [...new Set(ids ?? [])];
    if (!unique.length) return;
    const own = await m.count(Upload, { where: { id: In(unique), ownerId } });
    const used = await m.count(UploadLink, { where: { uploadId: In(unique) } });
    if (own !== unique.length || used) throw badRequest('部分照片不存在、不是您上传的或已被使用，请重新上传', field);
    const now = this.clock.now();
    await m.insert(
      UploadLink,
      unique.map((uploadId) => ({ uploadId, entityType: type, entityId, communityId: nodeId, createdAt: now })),
    );
  }

  /** The photos of one kind attached to some things, by thing, in upload order. */
  async listLinked(type: LinkType, entityIds: readonly number[], m: EntityManager = this.db.manager): Promise<Map<number, PhotoView[]>> {
    const out = new Map<number, PhotoView[]>();
    for (const [id, list] of await this.listLinkedKinds([type], entityIds, m)) out.set(id, list.map(({ type: _type, ...photo }) => photo));
    return out;
  }

  /** The photos of several kinds attached to some things, by thing, each with its kind (a need's report and evidence photos). */
  async listLinkedKinds(types: readonly LinkType[], entityIds: readonly number[], m: EntityManager = this.db.manager): Promise<Map<number, Array<PhotoView & { type: LinkType }>>> {
    const out = new Map<number, Array<PhotoView & { type: LinkType }>>();
    if (!entityIds.length) return out;
    const links = await m.find(UploadLink, { where: { entityType: In([...types]), entityId: In([...entityIds]) }, order: { uploadId: 'ASC' } });
    const uploads = links.length ? await m.find(Upload, { where: { id: In(links.map((l) => l.uploadId)) } }) : [];
    for (const l of links) {
      const u = uploads.find((x) => x.id === l.uploadId);
      if (!u) continue;
      out.set(l.entityId, [...(out.get(l.entityId) ?? []), { id: u.id, mime: u.mime, size: u.size, url: uploadUrl(u.id), type: l.entityType }]);
    }
    return out;
  }

  /** The file behind an id (or its list thumbnail), if the caller may see it; 404 otherwise. */
  async open(principal: Principal | undefined, id: number, thumb = false): Promise<{ mime: string; body: Buffer; isPublic: boolean }> {
    const m = this.db.manager;
    const upload = await m.findOne(Upload, { where: { id } });
    if (!upload) throw notFound('该照片');
    const link = await m.findOne(UploadLink, { where: { uploadId: upload.id } });
    const policy = link ? this.policies.get(link.entityType) : undefined;
    const access: AttachmentAccess = link && policy ? await policy(principal, link, m) : { allowed: false, isPublic: false };
    const mine = principal?.userId === upload.ownerId;
    if (!mine && !access.allowed && !access.isPublic) throw notFound('该照片');
    // Not (yet) passed WeChat's image check: its uploader and staff covering where it is attached only.
    if (!mine && (upload.checkStatus === 'pending' || upload.checkStatus === 'risky') && !(await this.isStaffOf(principal, link))) throw notFound('该照片');
    const shownPublic = access.isPublic && (upload.checkStatus === 'pass' || upload.checkStatus === 'none');
    // Photos stored before thumbnails existed answer with the photo itself.
    if (thumb && upload.thumbPath) return { mime: 'image/webp', body: await this.bytes(upload.id, upload.thumbPath), isPublic: shownPublic };
    return { mime: upload.mime, body: await this.bytes(upload.id, upload.path), isPublic: shownPublic };
  }

  /** The stored bytes; a row whose object is gone answers 404, a storage that does not answer 503 (both logged). */
  private async bytes(uploadId: number, key: string): Promise<Buffer> {
    let body: Buffer | null;
    try {
      body = await this.storage.get(key);
    } catch (err) {
      this.logger.warn({ msg: 'photo storage unavailable', storage: this.storage.kind, uploadId, err: (err as Error).message });
      throw busy('照片存储暂时无法访问，请稍后再试', 5);
    }
    if (body) return body;
    this.logger.warn({ msg: 'upload file missing', uploadId });
    throw notFound('该照片');
  }

  private async isStaffOf(principal: Principal | undefined, link: UploadLink | null): Promise<boolean> {
    if (!principal || !link) return false;
    const node = await this.db.manager.findOne(ServiceNode, { where: { id: link.communityId } });
    return Boolean(node && hasRoleOn(principal, node, MANAGER_ROLES));
  }
}
