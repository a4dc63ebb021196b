import { Foundation1763700000000 } from './1763700000000-Foundation';
import { Needs1763800000000 } from './1763800000000-Needs';
import { Charity1763900000000 } from './1763900000000-Charity';
import { Volunteers1764000000000 } from './1764000000000-Volunteers';
import { VolunteerReminders1764050000000 } from './1764050000000-VolunteerReminders';
import { Consultation1764100000000 } from './1764100000000-Consultation';
import { Projects1764200000000 } from './1764200000000-Projects';
import { Attachments1764250000000 } from './1764250000000-Attachments';
import { ProjectGates1764300000000 } from './1764300000000-ProjectGates';
import { WishPhotoConsent1764600000000 } from './1764600000000-WishPhotoConsent';
import { CheckinCodes1764650000000 } from './1764650000000-CheckinCodes';
import { NeedEscalations1764700000000 } from './1764700000000-NeedEscalations';
import { StatsClocks1764800000000 } from './1764800000000-StatsClocks';
import { VerifiedResidents1764900000000 } from './1764900000000-VerifiedResidents';
import { SwCertificates1764950000000 } from './1764950000000-SwCertificates';
import { TaskCredit1764960000000 } from './1764960000000-TaskCredit';
import { CriteriaVersions1764970000000 } from './1764970000000-CriteriaVersions';
import { OrgContacts1764980000000 } from './1764980000000-OrgContacts';
import { UploadThumbs1764990000000 } from './1764990000000-UploadThumbs';
import { AccountDeletion1765000000000 } from './1765000000000-AccountDeletion';
import { MinorVolunteers1765010000000 } from './1765010000000-MinorVolunteers';
import { ElderFriendly1765100000000 } from './1765100000000-ElderFriendly';
import { JobLeases1765200000000 } from './1765200000000-JobLeases';
import { IdempotencyClaims1765300000000 } from './1765300000000-IdempotencyClaims';

/** Every migration, in order. Imported as classes (not globbed) so builds and tests see the same set. */
export const MIGRATIONS = [Foundation1763700000000, Needs1763800000000, Charity1763900000000, Volunteers1764000000000, VolunteerReminders1764050000000,
  Consultation1764100000000, Projects1764200000000, Attachments1764250000000,
  ProjectGates1764300000000, WishPhotoConsent1764600000000, CheckinCodes1764650000000, NeedEscalations1764700000000,
  StatsClocks1764800000000, VerifiedResidents1764900000000, SwCertificates1764950000000, TaskCredit1764960000000, CriteriaVersions1764970000000, OrgContacts1764980000000, UploadThumbs1764990000000, AccountDeletion1765000000000, MinorVolunteers1765010000000,
  ElderFriendly1765100000000,
  JobLeases1765200000000, IdempotencyClaims1765300000000];
