import { AuditLog } from '../audit/audit-log.entity';
import { Organization } from '../orgs/organization.entity';
import { RoleAssignment } from '../roles/role-assignment.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { Residence } from '../users/residence.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [ServiceNode, User, Residence, Organization, RoleAssignment, AuditLog];
