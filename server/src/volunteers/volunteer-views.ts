/** Registrations as the contract says them (contract/volunteers.ts). */
import { beijingDate } from '../contract/format';
import { ADULT_AGE, ageOn } from './hours';
import { type EntityManager, In } from 'typeorm';
import { type Availability, AVAILABILITY_LABEL, VOLUNTEER_STATUS_LABEL, type VolunteerRegistrationView } from '../contract/volunteers';
import { Organization } from '../orgs/organization.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { iso } from './volunteer-access';
import { VolunteerSkill } from './volunteer-skill.entity';
import { type Volunteer, VolunteerSkillLink } from './volunteer.entity';

/** The views of these registrations (identifiers masked), in a few queries. */
/** Under 18 on `today` by the recorded birth date (none recorded: taken as an adult). */
export function isMinor(v: Pick<Volunteer, 'birthDate'>, today: string): boolean {
  return v.birthDate != null && ageOn(v.birthDate, today) < ADULT_AGE;
}

export async function registrationViews(m: EntityManager, rows: Volunteer[], today = beijingDate(new Date())): Promise<VolunteerRegistrationView[]> {
  if (!rows.length) return [];
  const links = await m.find(VolunteerSkillLink, { where: { volunteerId: In(rows.map((r) => r.id)) } });
  const skills = await m.find(VolunteerSkill);
  const communities = await m.find(ServiceNode, { where: { id: In([...new Set(rows.map((r) => r.communityId))]) } });
  const orgIds = [...new Set(rows.map((r) => r.orgId).filter((x): x is number => x != null))];
  const orgs = orgIds.length ? await m.find(Organization, { where: { id: In(orgIds) } }) : [];
  return rows.map((v) => ({
    id: v.id,
    status: v.status,
    statusLabel: VOLUNTEER_STATUS_LABEL[v.status],
    realNameMasked: v.realNameMasked,
    phoneMasked: v.phoneMasked,
    idNumberMasked: v.idNumberMasked,
    communityId: v.communityId,
    communityName: communities.find((c) => c.id === v.communityId)?.name ?? '',
    orgId: v.orgId,
    orgName: orgs.find((o) => o.id === v.orgId)?.name ?? null,
    skills: links
      .filter((l) => l.volunteerId === v.id)
      .map((l) => skills.find((s) => s.id === l.skillId)!)
      .sort((a, b) => a.sort - b.sort)
      .map((s) => ({ id: s.id, key: s.key, label: s.label })),
    availability: (v.availability ? v.availability.split(',') : []).map((k) => ({ key: k as Availability, label: AVAILABILITY_LABEL[k as Availability] ?? k })),
    returnReason: v.returnReason,
    consentAt: v.consentAt.toISOString(),
    createdAt: v.createdAt.toISOString(),
    reviewedAt: iso(v.reviewedAt),
    minor: isMinor(v, today),
    guardianConsent: v.guardianConsentAt && v.guardianRelation ? { relation: v.guardianRelation, at: v.guardianConsentAt.toISOString() } : null,
  }));
}
