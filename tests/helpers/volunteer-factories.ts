import { sign } from 'jsonwebtoken';
import { Like } from 'typeorm';
import { PiiCipher } from '../../server/src/common/crypto';
import { RoleAssignment, scopeKeyOf } from '../../server/src/roles/role-assignment.entity';
import type { ServiceNode } from '../../server/src/tree/service-node.entity';
import { User } from '../../server/src/users/user.entity';
import { Volunteer } from '../../server/src/volunteers/volunteer.entity';
import { VolunteerSkill } from '../../server/src/volunteers/volunteer-skill.entity';
import type { Api, TestApp } from './test-app';

/** Fixtures for the volunteers feature, written through the real entities. */

export type Person = Api & { userId: number };

/** A valid mainland ID number (GB 11643 check digit) from its first 17 digits. */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A token for a user id, signed the way the server signs its own (tests skip the login round trip). */
export function tokenFor(t: TestApp, userId: number): string {
  return sign({ sub: String(userId) }, t.config.jwt.secret, { algorithm: 'HS256', expiresIn: 3600 });
}

/**
 * Many approved volunteers at once, straight into the database (users, registrations, role
 * grants), each with a signed token: for flash-crowd tests that would otherwise spend their time
 * logging in.
 */
export async function approvedVolunteers(t: TestApp, community: ServiceNode, n: number, prefix: string): Promise<Person[]> {
  const pii = t.app.get(PiiCipher);
  const now = t.clock.now();
  const ids: number[] = [];
  await t.db.transaction(async (m) => {
    for (let i = 0; i < n; i += 100) {
      const batch = Array.from({ length: Math.min(100, n - i) }, (_, k) => ({
        openid: `${prefix}-${i + k}`,
        unionid: null,
        nickname: `志愿者${i + k}`,
        sessionKeyEnc: null,
        phoneEnc: null,
        phoneHash: null,
        phoneMasked: null,
        demoKey: null,
        createdAt: now,
        lastLoginAt: null,
      }));
      await m.insert(User, batch);
    }
    const users = await m.find(User, { where: { openid: Like(`${prefix}-%`) }, select: { id: true, openid: true } });
    const byOpenid = new Map(users.map((u) => [u.openid, u.id]));
    for (let i = 0; i < n; i++) ids.push(byOpenid.get(`${prefix}-${i}`)!);
    const name = pii.encrypt('测试志愿者');
    for (let i = 0; i < n; i += 100) {
      const slice = ids.slice(i, i + 100);
      await m.insert(
        Volunteer,
        slice.map((userId, k) => ({
          userId,
          communityId: community.id,
          orgId: null,
          realNameEnc: name,
          realNameMasked: '测****',
          phoneEnc: pii.encrypt(`139${String(10_000_000 + i + k).slice(-8)}`),
          phoneHash: `${prefix}-hash-${i + k}`,
          phoneMasked: '139****0000',
          idNumberEnc: null,
          idNumberHash: null,
          idNumberMasked: null,
          availability: '',
          consentAt: now,
          consentVersion: 'test',
          status: 'approved' as const,
          returnReason: null,
          reviewedBy: null,
          reviewedAt: now,
          lockVersion: 0,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await m.insert(
        RoleAssignment,
        slice.map((userId) => ({ userId, nodeId: community.id, role: 'volunteer' as const, orgId: null, scopeKey: scopeKeyOf('volunteer', community.id, null), grantedBy: null, createdAt: now })),
      );
    }
  });
  return ids.map((userId) => Object.assign(t.api.as(tokenFor(t, userId)), { userId }));
}

/** Registers `api` as a volunteer over HTTP and has `staff` approve it. */
export async function registerAndApprove(t: TestApp, api: Person, staff: Api, community: ServiceNode, phone: string, extra: Record<string, unknown> = {}): Promise<number> {
  const reg = await api.post('/volunteers/registration', registrationBody(t, phone, { communityId: community.id, ...extra }));
  if (reg.status !== 201) throw new Error(`registration failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const ok = await staff.post(`/volunteers/${reg.data.id}/approve`);
  if (ok.status !== 200) throw new Error(`approval failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  return reg.data.id as number;
}

export function registrationBody(t: TestApp, phone: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    realName: '李小红',
    phoneCode: t.fake.issuePhoneCode(phone),
    skillIds: [],
    availability: ['weekend_morning'],
    consent: true,
    ...overrides,
  };
}

export async function skillId(t: TestApp, key: string): Promise<number> {
  return (await t.db.manager.findOneByOrFail(VolunteerSkill, { key })).id;
}

const MIN = 60_000;

/** A valid activity body starting `startInMin` minutes from the app clock's now, lasting `minutes`. */
export function activityBody(t: TestApp, community: ServiceNode, overrides: Record<string, unknown> = {}, startInMin = 24 * 60, minutes = 120): Record<string, unknown> {
  const start = new Date(t.clock.now().getTime() + startInMin * MIN);
  return {
    communityId: community.id,
    title: '社区助老义诊',
    description: '为社区老人测量血压、讲解用药常识。',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + minutes * MIN).toISOString(),
    signupDeadline: new Date(start.getTime() - 60 * MIN).toISOString(),
    address: '文昌社区党群服务中心',
    capacity: 10,
    needsApproval: false,
    cancelCutoffMinutes: 120,
    lateCancel: 'refuse',
    ...overrides,
  };
}

export async function createActivity(t: TestApp, organizer: Api, community: ServiceNode, overrides: Record<string, unknown> = {}, startInMin?: number, minutes?: number): Promise<any> {
  const res = await organizer.post('/volunteer-activities', activityBody(t, community, overrides, startInMin, minutes));
  if (res.status !== 201) throw new Error(`activity failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.data;
}
