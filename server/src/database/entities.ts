import { AuditLog } from '../audit/audit-log.entity';
import { Need } from '../needs/need.entity';
import { NeedCategory } from '../needs/need-category.entity';
import { NeedFollower } from '../needs/need-follower.entity';
import { InboxMessage } from '../notifications/inbox-message.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { SubscriptionCredit } from '../notifications/subscription-credit.entity';
import { Organization } from '../orgs/organization.entity';
import { RoleAssignment } from '../roles/role-assignment.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { Upload } from '../uploads/upload.entity';
import { Residence } from '../users/residence.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [ServiceNode, User, Residence, Organization, RoleAssignment, AuditLog,
  NeedCategory, Need, NeedFollower, Upload, InboxMessage, SubscriptionCredit, OutboxMessage];
