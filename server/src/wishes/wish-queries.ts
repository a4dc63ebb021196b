import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { WishStatus } from '../contract/wishes';
import { toNum } from '../database/raw';
import { ServiceNode } from '../tree/service-node.entity';
import { WishClaim } from './wish-claim.entity';
import type { PublicClaim } from './wish-views';
import { Wish } from './wish.entity';

/** The columns of a wish its public view reads (WishViews.toPublicView). */
export const PUBLIC_WISH_COLUMNS = [
  'w.id',
  'w.communityId',
  'w.campaignId',
  'w.title',
  'w.story',
  'w.valueFen',
  'w.category',
  'w.beneficiaryMasked',
  'w.beneficiaryNameEnc',
  'w.needId',
  'w.status',
  'w.activeClaimId',
  'w.deliveryPhotoUploadId',
  'w.photoPublic',
  'w.photoPublicAt',
  'w.thanksText',
  'w.createdAt',
];

export interface WishFilter {
  nodeId: number;
  status?: WishStatus;
  campaignId?: number;
}

type PageRaw = { w_id: unknown; community_name: string; claim_anonymous: unknown; claim_public_name: string | null; claim_party: unknown; total_rows: unknown };

/** The wishes of a node's subtree that `q` selects (withdrawn ones only when asked for by status). */
function filtered(qb: SelectQueryBuilder<Wish>, q: WishFilter): SelectQueryBuilder<Wish> {
  if (q.status) qb.andWhere('w.status = :status', { status: q.status });
  else qb.andWhere("w.status <> 'withdrawn'");
  if (q.campaignId) qb.andWhere('w.campaign_id = :campaignId', { campaignId: q.campaignId });
  return qb;
}

/**
 * A page of the public wish wall of a node's subtree, newest first, with the total — one SELECT
 * (#15): the wishes' public columns, their community's name, the thanks of a delivered or
 * completed wish's claim, and `COUNT(*) OVER ()` (MariaDB 10.2+, MySQL 8, SQLite). The subtree's
 * path prefix is a scalar subquery on the node's id: MariaDB evaluates it first and reads the path
 * index by range, as with a literal (joining the node instead scanned every wish). An empty page
 * has no row to carry the total: `total` is null then (no such node, or past the end), for the
 * caller to tell apart.
 */
export async function findPublicWishPage(
  m: EntityManager,
  q: WishFilter & { limit: number; offset: number },
): Promise<{ rows: Array<{ wish: Wish; communityName: string; claim: PublicClaim | undefined }>; total: number | null }> {
  const prefix = m.connection.options.type === 'better-sqlite3' ? "r.path || '%'" : "CONCAT(r.path, '%')";
  const qb = m
    .createQueryBuilder(Wish, 'w')
    .select(PUBLIC_WISH_COLUMNS)
    .innerJoin(ServiceNode, 'n', 'n.id = w.community_id')
    .leftJoin(WishClaim, 'c', "c.id = w.active_claim_id AND w.status IN ('delivered', 'completed')")
    .addSelect(['n.name AS community_name', 'c.anonymous AS claim_anonymous', 'c.public_name AS claim_public_name', 'c.as_party_member AS claim_party'])
    .addSelect('COUNT(*) OVER ()', 'total_rows')
    .where(`n.path LIKE (SELECT ${prefix} FROM service_node r WHERE r.id = :nodeId)`, { nodeId: q.nodeId });
  const { entities, raw } = await filtered(qb, q).orderBy('w.id', 'DESC').limit(q.limit).offset(q.offset).getRawAndEntities<PageRaw>();
  const byId = new Map(raw.map((r) => [toNum(r.w_id), r]));
  return {
    rows: entities.map((wish) => {
      const r = byId.get(wish.id);
      const claim = r && r.claim_anonymous != null ? { anonymous: toNum(r.claim_anonymous) === 1, publicName: r.claim_public_name, asPartyMember: toNum(r.claim_party) === 1 } : undefined;
      return { wish, communityName: r?.community_name ?? '', claim };
    }),
    total: raw.length ? toNum(raw[0].total_rows) : null,
  };
}

/** How many wishes of the subtree under `path` `q` selects (for a page past the end). */
export function countWishes(m: EntityManager, path: string, q: WishFilter): Promise<number> {
  const qb = m.createQueryBuilder(Wish, 'w').innerJoin(ServiceNode, 'n', 'n.id = w.community_id').where('n.path LIKE :path', { path: `${path}%` });
  return filtered(qb, q).getCount();
}
