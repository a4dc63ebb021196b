import type { EntityManager } from 'typeorm';
import type { WishStatus } from '../contract/wishes';
import { toBool, toDate, toNum, toNumOrNull } from '../database/raw';
import type { PublicClaim, PublicWishColumns } from './wish-views';
import type { Wish } from './wish.entity';

export interface WishFilter {
  nodeId: number;
  status?: WishStatus;
  campaignId?: number;
}

/** What `q` selects among a subtree's wishes, as SQL over `w` with its parameters (withdrawn ones only when asked for by status). */
function filterSql(q: WishFilter): { sql: string; params: unknown[] } {
  const conditions = [q.status ? 'w.status = ?' : "w.status <> 'withdrawn'"];
  const params: unknown[] = q.status ? [q.status] : [];
  if (q.campaignId) {
    conditions.push('w.campaign_id = ?');
    params.push(q.campaignId);
  }
  return { sql: conditions.join(' AND '), params };
}

/**
 * A page of the public wish wall of a node's subtree, newest first, with the total — one SELECT
 * in plain SQL (#15: building the query and hydrating entities were a sixth of an uncached page's
 * CPU): the wishes' public columns, their community's name, the thanks of a delivered or
 * completed wish's claim, and `COUNT(*) OVER ()` (MariaDB 10.2+, MySQL 8, SQLite). The subtree's
 * path prefix is a scalar subquery on the node's id: MariaDB evaluates it first and reads the path
 * index by range, as with a literal (joining the node instead scanned every wish). An empty page
 * has no row to carry the total: `total` is null then (no such node, or past the end), for the
 * caller to tell apart.
 */
export async function findPublicWishPage(
  m: EntityManager,
  q: WishFilter & { limit: number; offset: number },
): Promise<{ rows: Array<{ wish: PublicWishColumns; communityName: string; claim: PublicClaim | undefined }>; total: number | null }> {
  const prefix = m.connection.options.type === 'better-sqlite3' ? "r.path || '%'" : "CONCAT(r.path, '%')";
  const filter = filterSql(q);
  const rows: Array<Record<string, unknown>> = await m.query(
    `SELECT w.id, w.community_id, w.campaign_id, w.title, w.story, w.value_fen, w.category, w.beneficiary_masked, w.beneficiary_name_enc,
            w.need_id, w.status, w.active_claim_id, w.delivery_photo_upload_id, w.photo_public, w.photo_public_at, w.thanks_text, w.created_at,
            n.name AS community_name, c.anonymous AS claim_anonymous, c.public_name AS claim_public_name, c.as_party_member AS claim_party,
            COUNT(*) OVER () AS total_rows
       FROM wish w
       JOIN service_node n ON n.id = w.community_id
       LEFT JOIN wish_claim c ON c.id = w.active_claim_id AND w.status IN ('delivered', 'completed')
      WHERE n.path LIKE (SELECT ${prefix} FROM service_node r WHERE r.id = ?) AND ${filter.sql}
      ORDER BY w.id DESC LIMIT ? OFFSET ?`,
    [q.nodeId, ...filter.params, q.limit, q.offset],
  );
  return {
    rows: rows.map((r) => ({
      wish: {
        id: toNum(r.id),
        communityId: toNum(r.community_id),
        campaignId: toNumOrNull(r.campaign_id),
        title: r.title as string,
        story: r.story as string,
        valueFen: toNum(r.value_fen),
        category: r.category as Wish['category'],
        beneficiaryMasked: r.beneficiary_masked as string,
        beneficiaryNameEnc: r.beneficiary_name_enc as string,
        needId: toNumOrNull(r.need_id),
        status: r.status as WishStatus,
        activeClaimId: toNumOrNull(r.active_claim_id),
        deliveryPhotoUploadId: toNumOrNull(r.delivery_photo_upload_id),
        photoPublic: toBool(r.photo_public),
        photoPublicAt: r.photo_public_at == null ? null : toDate(r.photo_public_at),
        thanksText: r.thanks_text as string | null,
        createdAt: toDate(r.created_at),
      },
      communityName: (r.community_name as string) ?? '',
      claim: r.claim_anonymous != null ? { anonymous: toBool(r.claim_anonymous), publicName: r.claim_public_name as string | null, asPartyMember: toBool(r.claim_party) } : undefined,
    })),
    total: rows.length ? toNum(rows[0].total_rows) : null,
  };
}

/** How many wishes of the subtree under `path` `q` selects (for a page past the end). */
export async function countWishes(m: EntityManager, path: string, q: WishFilter): Promise<number> {
  const filter = filterSql(q);
  const [row]: Array<{ n: unknown }> = await m.query(
    `SELECT COUNT(*) AS n FROM wish w JOIN service_node n ON n.id = w.community_id WHERE n.path LIKE ? AND ${filter.sql}`,
    [`${path}%`, ...filter.params],
  );
  return toNum(row?.n);
}
