import { AuditLog } from './audit/audit-log.entity';
import { ConsultMeeting, MeetingSignup } from './consultation/meeting.entity';
import { ConsultOption, ConsultTopic, ConsultTopicNeed } from './consultation/topic.entity';
import { ConsultResolution, ConsultVote } from './consultation/vote.entity';
import { JobLease } from './database/job-lease';
import { Fund } from './funds/fund.entity';
import { FundAllocation } from './funds/fund-allocation.entity';
import { FundEntry } from './funds/fund-entry.entity';
import { InKindDonation } from './funds/in-kind-donation.entity';
import { IdempotencyKey } from './common/idempotency-key.entity';
import { Need } from './needs/need.entity';
import { NeedCategory } from './needs/need-category.entity';
import { NeedEscalation } from './needs/need-escalation.entity';
import { NeedFollower } from './needs/need-follower.entity';
import { InboxMessage } from './notifications/inbox-message.entity';
import { OutboxMessage } from './notifications/outbox-message.entity';
import { SubscriptionCredit } from './notifications/subscription-credit.entity';
import { Organization } from './orgs/organization.entity';
import { EvalCriterion, GuidanceRecord, ProjectEvaluation, ProjectMilestone, ProjectNeed, ProjectProgress, ServiceProject } from './projects/project.entity';
import { SwCertificate } from './projects/sw-certificate.entity';
import { RoleAssignment } from './roles/role-assignment.entity';
import { ServiceNode } from './tree/service-node.entity';
import { Upload } from './uploads/upload.entity';
import { UploadLink } from './uploads/upload-link.entity';
import { Residence } from './users/residence.entity';
import { User } from './users/user.entity';
import { Activity, ActivitySkill } from './volunteers/activity.entity';
import { VolunteerCertificate } from './volunteers/certificate.entity';
import { VolunteerReminder } from './volunteers/reminders.entity';
import { PointsEntry } from './volunteers/points-entry.entity';
import { CodeMiss, QrUse, Signup } from './volunteers/signup.entity';
import { VolunteerTask } from './volunteers/task.entity';
import { VolunteerSkill } from './volunteers/volunteer-skill.entity';
import { Volunteer, VolunteerSkillLink } from './volunteers/volunteer.entity';
import { WishCampaign } from './wishes/wish-campaign.entity';
import { WishClaim } from './wishes/wish-claim.entity';
import { Wish } from './wishes/wish.entity';

export const ENTITIES = [ServiceNode, User, Residence, Organization, RoleAssignment, AuditLog,
  NeedCategory, Need, NeedFollower, NeedEscalation, Upload, InboxMessage, SubscriptionCredit, OutboxMessage,
  Fund, FundAllocation, FundEntry, InKindDonation, WishCampaign, Wish, WishClaim,
  VolunteerSkill, Volunteer, VolunteerSkillLink, Activity, ActivitySkill, Signup, QrUse, CodeMiss, PointsEntry, VolunteerTask,
  VolunteerCertificate, VolunteerReminder,
  ConsultTopic, ConsultOption, ConsultTopicNeed, ConsultMeeting, MeetingSignup, ConsultVote, ConsultResolution, UploadLink,
  ServiceProject, ProjectNeed, ProjectMilestone, ProjectProgress, GuidanceRecord, EvalCriterion, ProjectEvaluation, SwCertificate,
  IdempotencyKey, JobLease];
