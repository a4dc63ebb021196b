import type { EntityManager } from 'typeorm';
import type { PiiCipher } from '../common/crypto';
import type { ServiceNode } from '../tree/service-node.entity';
import { seedConsultation } from './consultation';
import { seedCharity } from './charity';
import { seedNeeds } from './needs';
import { seedVolunteers } from './volunteers';

/** One demo community as seeded: its node, its people's user ids by role, its organizations by name. */
export interface SeededCommunity {
  node: ServiceNode;
  /** User id by role: resident, volunteer, social_worker, org_member, staff (one of each). */
  people: Map<string, number>;
  orgIds: Map<string, number>;
}

/** The demo world after the people are in: what a domain's demo data builds on. */
export interface DemoWorld {
  district: ServiceNode;
  street: ServiceNode;
  streetAdminId: number;
  /** 文昌社区 first, then 清河社区. */
  communities: SeededCommunity[];
  pii: PiiCipher;
}

/** Adds one domain's demo data, in the seeding transaction. */
export type DomainSeed = (m: EntityManager, demo: DemoWorld) => Promise<void>;

/**
 * Each domain's demo data (needs, the fund, wishes, activities, topics, projects), in this
 * order, after the people. A domain adds its seed from its own file here with one line.
 */
export const DOMAIN_SEEDS: DomainSeed[] = [
  seedNeeds,
  seedVolunteers,
  seedConsultation,
  seedCharity,
];
