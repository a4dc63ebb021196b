import { redactText } from '../common/redact';
import type {
  NeedAction,
  NeedCategoryView,
  NeedListItem,
  NeedReporterView,
  NeedView,
  PublicNeedView,
} from '../contract/needs';
import { NEED_STATUS_LABEL, URGENCY_LABEL } from '../contract/needs';
import type { PhotoView } from '../contract/uploads';
import type { ServiceNode } from '../tree/service-node.entity';
import type { LinkType } from '../uploads/upload-link.entity';
import type { NeedRelation } from './need-access';
import type { NeedCategory } from './need-category.entity';
import type { NeedTransition } from './need-status';
import type { Need } from './need.entity';

/** Need rows → the contract's views (server/src/contract/needs.ts). Pure: the callers load the rows. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toCategoryView = (c: NeedCategory): NeedCategoryView => ({ id: c.id, key: c.key, label: c.label });

/** What anyone may see of a public need: texts others wrote pass the redactor, nothing personal. */
export function toPublicNeedView(
  need: Need,
  community: Pick<ServiceNode, 'id' | 'name'>,
  category: NeedCategory,
  photos: Array<PhotoView & { type: LinkType }>,
  names: string[] = [],
): PublicNeedView {
  const strip = (list: typeof photos) => list.map(({ type: _type, ...u }) => u);
  return {
    id: need.id,
    communityId: community.id,
    communityName: community.name,
    category: toCategoryView(category),
    title: redactText(need.title, names),
    description: redactText(need.description, names),
    status: need.status,
    statusLabel: NEED_STATUS_LABEL[need.status],
    urgency: need.urgency,
    urgencyLabel: URGENCY_LABEL[need.urgency],
    isPublic: need.isPublic,
    meTooCount: need.meTooCount,
    photos: strip(photos.filter((p) => p.type === 'need_report')),
    evidencePhotos: strip(photos.filter((p) => p.type === 'need_evidence')),
    doneNote: need.doneNote ? redactText(need.doneNote, names) : null,
    rating: need.rating,
    ratingComment: need.ratingComment ? redactText(need.ratingComment, names) : null,
    lastReason: need.lastReason ? redactText(need.lastReason, names) : null,
    referredTo: need.referredTo,
    mergedIntoId: need.mergedIntoId,
    createdAt: need.createdAt.toISOString(),
    acceptedAt: iso(need.acceptedAt),
    doneAt: iso(need.doneAt),
    closedAt: iso(need.closedAt),
  };
}

/**
 * The full view for those related to the need: texts unredacted, the caller's relation and
 * moves; the exact place for the reporter, handler and staff; the reporter (masked) for staff.
 */
export function toNeedView(
  base: PublicNeedView,
  need: Need,
  r: NeedRelation,
  moves: readonly NeedTransition[],
  reporter: NeedReporterView | null,
): NeedView {
  const seesPlace = r.reporter || r.handler || r.staff;
  return {
    ...base,
    // Those who handle it or wrote it read the words as written; a follower reads what the public reads.
    ...(seesPlace ? { title: need.title, description: need.description } : {}),
    doneNote: need.doneNote,
    ratingComment: need.ratingComment,
    lastReason: need.lastReason,
    priority: need.priority,
    reopenCount: need.reopenCount,
    feedbackDueAt: iso(need.feedbackDueAt),
    handlerId: need.handlerId,
    relation: { reporter: r.reporter, follower: r.follower, handler: r.handler, staff: r.staff, meToo: r.follower },
    actions: moves.map((t): NeedAction => ({ to: t.to, action: t.action, requires: [...t.requires] })),
    location: seesPlace
      ? {
          kind: need.locationKind,
          building: need.building,
          unit: need.unit,
          lat: need.latE6 == null ? null : need.latE6 / 1e6,
          lng: need.lngE6 == null ? null : need.lngE6 / 1e6,
          address: need.address,
        }
      : null,
    reporter: r.staff ? reporter : null,
  };
}

export function toNeedListItem(n: Need, communityName: string, categoryLabel: string): NeedListItem {
  return {
    id: n.id,
    communityId: n.communityId,
    communityName,
    categoryLabel,
    title: n.title,
    status: n.status,
    statusLabel: NEED_STATUS_LABEL[n.status],
    urgency: n.urgency,
    urgencyLabel: URGENCY_LABEL[n.urgency],
    priority: n.priority,
    meTooCount: n.meTooCount,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}
