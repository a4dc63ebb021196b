import type { DataSource, EntityManager } from 'typeorm';
import type { PiiCipher } from '../common/crypto';
import { maskPhone } from '../common/redact';
import { Organization, type OrgKind } from '../orgs/organization.entity';
import type { Role } from '../roles/role';
import { RoleAssignment, scopeKeyOf } from '../roles/role-assignment.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { insertNode } from '../tree/tree.service';
import { SwCertificate } from '../projects/sw-certificate.entity';
import { Residence } from '../users/residence.entity';
import { User } from '../users/user.entity';
import { DOMAIN_SEEDS, type DemoWorld, type SeededCommunity } from './domain-seeds';
import { inTransaction } from '../database/transaction';

/**
 * Demo data for `npm start` on the embedded database: one district → one street → two
 * communities, and in each community a resident, a volunteer, a social worker, a member of a
 * social organization and a staff member, plus the street's admin (社工站站长). Names and
 * organizations follow the seed reports (../shared/seeds): 綦江区's 社区治理专项基金, the
 * "益家人" social-work brand, 邻里互助 and 志愿服务队. Phone numbers are fictitious.
 */

interface DemoPerson {
  key: string;
  nickname: string;
  phone: string;
  role: Role;
  org?: string;
  home?: { building: string; unit: string };
  /** A newcomer whose residence the community has not confirmed yet (the 居民认证 queue's demo). */
  applicant?: boolean;
}

interface DemoCommunity {
  name: string;
  orgs: Array<{ name: string; kind: OrgKind; description: string }>;
  people: DemoPerson[];
}

const DISTRICT = '綦江区';
const STREET = '古南街道';

const STREET_ORG = {
  name: '益家人社会工作服务中心',
  kind: 'social_work_agency' as OrgKind,
  description: '承接古南街道社工站运营，开展养老、助残、儿童关爱等专业社会工作服务。',
};

const COMMUNITIES: DemoCommunity[] = [
  {
    name: '文昌社区',
    orgs: [
      { name: '文昌社区邻里互助会', kind: 'community_org', description: '组织楼栋邻里互助，为独居老人提供探访、代购和陪诊。' },
      { name: '文昌社区红马甲志愿服务队', kind: 'volunteer_team', description: '社区实名注册志愿者队伍，参与环境整治、助老服务和文明宣传。' },
    ],
    people: [
      { key: 'wenchang-resident', nickname: '王秀英', phone: '13800001001', role: 'resident', home: { building: '3栋', unit: '2单元' } },
      { key: 'wenchang-volunteer', nickname: '刘洋', phone: '13800001002', role: 'volunteer', home: { building: '7栋', unit: '1单元' } },
      { key: 'wenchang-socialworker', nickname: '陈静', phone: '13800001003', role: 'social_worker' },
      { key: 'wenchang-org', nickname: '张建国', phone: '13800001004', role: 'org_member', org: '文昌社区邻里互助会', home: { building: '5栋', unit: '3单元' } },
      { key: 'wenchang-staff', nickname: '李娜', phone: '13800001005', role: 'staff' },
      { key: 'wenchang-newcomer', nickname: '黄德明', phone: '13800001006', role: 'resident', home: { building: '8栋', unit: '2单元' }, applicant: true },
    ],
  },
  {
    name: '清河社区',
    orgs: [
      { name: '清河社区夕阳红服务社', kind: 'community_org', description: '面向高龄、独居老人开展助餐、助浴和精神慰藉服务。' },
    ],
    people: [
      { key: 'qinghe-resident', nickname: '赵桂兰', phone: '13800002001', role: 'resident', home: { building: '12栋', unit: '1单元' } },
      { key: 'qinghe-volunteer', nickname: '孙浩', phone: '13800002002', role: 'volunteer', home: { building: '2栋', unit: '2单元' } },
      { key: 'qinghe-socialworker', nickname: '周敏', phone: '13800002003', role: 'social_worker' },
      { key: 'qinghe-org', nickname: '吴志强', phone: '13800002004', role: 'org_member', org: '清河社区夕阳红服务社', home: { building: '9栋', unit: '1单元' } },
      { key: 'qinghe-staff', nickname: '郑丽', phone: '13800002005', role: 'staff' },
    ],
  },
];

const STREET_ADMIN: DemoPerson = { key: 'street-admin', nickname: '黄卫东', phone: '13800003001', role: 'admin' };

/** Seeds the demo into an empty database; returns false (and writes nothing) if it is not empty. */
export async function seedDemo(db: DataSource, pii: PiiCipher): Promise<boolean> {
  return inTransaction(db, async (m) => {
    if ((await m.count(ServiceNode)) > 0) return false;
    const district = await insertNode(m, { parentId: null, parentPath: null, level: 'district', name: DISTRICT });
    const street = await insertNode(m, { parentId: district.id, parentPath: district.path, level: 'street', name: STREET });
    await m.save(Organization, m.create(Organization, { nodeId: street.id, ...STREET_ORG, creditCode: null, createdBy: null }));
    const streetAdminId = await addPerson(m, pii, STREET_ADMIN, street, new Map());

    const communities: SeededCommunity[] = [];
    for (const c of COMMUNITIES) {
      const community = await insertNode(m, { parentId: street.id, parentPath: street.path, level: 'community', name: c.name });
      const orgIds = new Map<string, number>();
      for (const o of c.orgs) {
        const org = await m.save(Organization, m.create(Organization, { nodeId: community.id, ...o, creditCode: null, createdBy: null }));
        orgIds.set(o.name, org.id);
      }
      const people = new Map<string, number>();
      for (const p of c.people) {
        const id = await addPerson(m, pii, p, community, orgIds);
        // The domain seeds find each community's people by role; the newcomer is nobody's 'resident' yet.
        if (!p.applicant) people.set(p.role, id);
      }
      communities.push({ node: community, people, orgIds });
    }
    const demo: DemoWorld = { district, street, streetAdminId, communities, pii };
    for (const seed of DOMAIN_SEEDS) await seed(m, demo);
    return true;
  });
}

async function addPerson(m: EntityManager, pii: PiiCipher, p: DemoPerson, node: ServiceNode, orgIds: Map<string, number>): Promise<number> {
  const user = await m.save(
    User,
    m.create(User, {
      openid: `demo:${p.key}`,
      nickname: p.nickname,
      demoKey: p.key,
      phoneEnc: pii.encrypt(p.phone),
      phoneHash: pii.lookupHash('phone', p.phone),
      phoneMasked: maskPhone(p.phone),
    }),
  );
  const grant = async (role: Role, orgId: number | null) =>
    m.save(
      RoleAssignment,
      m.create(RoleAssignment, { userId: user.id, nodeId: node.id, role, orgId, scopeKey: scopeKeyOf(role, node.id, orgId), grantedBy: null }),
    );
  if (p.home) {
    const review = p.applicant ? { status: 'applicant' as const } : { status: 'confirmed' as const, phoneHash: user.phoneHash, reviewedAt: new Date() };
    await m.save(Residence, m.create(Residence, { userId: user.id, communityId: node.id, ...p.home, ...review }));
    if (p.role !== 'resident') await grant('resident', null);
  }
  await grant(p.role, p.org ? orgIds.get(p.org)! : null);
  if (p.role === 'social_worker') {
    // Demo social workers hold a 社会工作师 certificate (projects need one valid on their start date).
    const now = new Date();
    await m.insert(SwCertificate, { userId: user.id, level: 'intermediate', number: `2023${String(user.id).padStart(6, '0')}`, expiresOn: '2029-12-31', createdAt: now, updatedAt: now });
  }
  return user.id;
}
