/**
 * The charity API (server/src/funds, server/src/wishes) through `request` from api.ts. The types
 * are the server's own (server/src/contract/funds.ts and wishes.ts). Used by the public/resident
 * pages (client/charity) and the workbench.
 */
import { query, request } from './api';
import type { Paged } from '@contract/common';
import type {
  AllocationInput,
  AllocationStatus,
  AllocationView,
  DonationInput,
  InKindInput,
  InKindView,
  PublicEntryView,
  PublicFundView,
  StaffEntryView,
  StaffLedger,
  FundLinkOptions,
} from '@contract/funds';
import type {
  BeneficiaryView,
  CampaignInput,
  CampaignView,
  ClaimInput,
  ClaimView,
  CompleteInput,
  DeliverInput,
  PublicWishView,
  PublishWishInput,
  WishDetailView,
  WishesQuery,
  WishTimelineItem,
} from '@contract/wishes';

export const fundApi = {
  // ---------------------------------------------------------------- public
  view: (nodeId: number) => request<PublicFundView>(`/api/funds/nodes/${nodeId}`, { auth: false }),
  ledger: (nodeId: number, page: { limit?: number; offset?: number } = {}) =>
    request<Paged<PublicEntryView>>(`/api/funds/nodes/${nodeId}/ledger` + query(page), { auth: false }),

  // ---------------------------------------------------------------- staff
  staffLedger: (nodeId: number, page: { limit?: number; offset?: number } = {}) => request<StaffLedger>(`/api/funds/nodes/${nodeId}/entries` + query(page)),
  /** toast: false — the forms show the reasons next to the fields. */
  recordDonation: (nodeId: number, input: DonationInput) =>
    request<StaffEntryView>(`/api/funds/nodes/${nodeId}/donations`, { method: 'POST', data: input, toast: false }),
  recordInKind: (nodeId: number, input: InKindInput) => request<InKindView>(`/api/funds/nodes/${nodeId}/in-kind`, { method: 'POST', data: input, toast: false }),
  /** Open needs and active projects of the fund's communities, by name, to link a spending to. */
  linkOptions: (nodeId: number) => request<FundLinkOptions>(`/api/funds/nodes/${nodeId}/link-options`),
  allocations: (nodeId: number, status?: AllocationStatus) => request<AllocationView[]>(`/api/funds/nodes/${nodeId}/allocations` + query({ status })),
  propose: (nodeId: number, input: AllocationInput) =>
    request<AllocationView>(`/api/funds/nodes/${nodeId}/allocations`, { method: 'POST', data: input, toast: false }),
  approve: (id: number) => request<AllocationView>(`/api/funds/allocations/${id}/approve`, { method: 'POST' }),
  reject: (id: number, reason: string) => request<AllocationView>(`/api/funds/allocations/${id}/reject`, { method: 'POST', data: { reason } }),
  /** A correction: a new entry of the opposite amount, with the reason shown publicly (entries are never edited). toast: false. */
  reverse: (entryId: number, reason: string) => request<StaffEntryView>(`/api/funds/entries/${entryId}/reverse`, { method: 'POST', data: { reason }, toast: false }),
};

export const wishApi = {
  // ---------------------------------------------------------------- public
  list: (q: WishesQuery) => request<Paged<PublicWishView>>('/api/wishes' + query(q), { auth: false }),
  /** With the token: the caller's own active claim comes with the delivery arrangements. */
  detail: (id: number) => request<WishDetailView>(`/api/wishes/${id}`, { auth: 'optional' }),
  timeline: (id: number) => request<WishTimelineItem[]>(`/api/wishes/${id}/timeline`, { auth: false }),
  campaigns: (nodeId: number) => request<CampaignView[]>('/api/campaigns' + query({ nodeId }), { auth: false }),
  campaign: (id: number) => request<CampaignView>(`/api/campaigns/${id}`, { auth: false }),

  // ---------------------------------------------------------------- donors (any logged-in user)
  /** toast: false — the page shows the outcome (e.g. someone else claimed it a moment ago). */
  claim: (id: number, input: ClaimInput) =>
    request<ClaimView>(`/api/wishes/${id}/claim`, { method: 'POST', data: input, toast: false }),
  withdrawClaim: (id: number) => request<PublicWishView>(`/api/wishes/${id}/claim/withdraw`, { method: 'POST' }),
  myClaims: () => request<ClaimView[]>('/api/wishes/my-claims'),

  // ---------------------------------------------------------------- staff
  publish: (input: PublishWishInput) => request<PublicWishView>('/api/wishes', { method: 'POST', data: input, toast: false }),
  withdraw: (id: number, reason: string) => request<PublicWishView>(`/api/wishes/${id}/withdraw`, { method: 'POST', data: { reason } }),
  deliver: (id: number, input: DeliverInput) => request<PublicWishView>(`/api/wishes/${id}/deliver`, { method: 'POST', data: input }),
  complete: (id: number, input: CompleteInput) =>
    request<PublicWishView>(`/api/wishes/${id}/complete`, { method: 'POST', data: input, toast: false }),
  /** The claimer (or staff) adds the delivery photo after the delivery; it stays private. */
  addDeliveryPhoto: (id: number, photoUploadId: number) => request<PublicWishView>(`/api/wishes/${id}/delivery-photo`, { method: 'POST', data: { photoUploadId } }),
  setPhotoPublic: (id: number, publish: boolean) => request<PublicWishView>(`/api/wishes/${id}/photo-public`, { method: 'POST', data: { publish } }),
  /** The beneficiary's name and address (staff only; every look is audited). */
  beneficiary: (id: number) => request<BeneficiaryView>(`/api/wishes/${id}/beneficiary`),
  createCampaign: (input: CampaignInput) => request<CampaignView>('/api/campaigns', { method: 'POST', data: input, toast: false }),
};
