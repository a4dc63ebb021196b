/**
 * The volunteers API (server/src/volunteers), through `request` from api.ts. Types from the
 * contract (server/src/contract/volunteers.ts). Used by the volunteer's pages and the organizer's
 * pages; the helpers only the volunteer subpackage needs (scan codes, the reminder subscription,
 * the certificate PDF) are client/volunteer/actions.ts, so the main package does not carry them.
 */
import { query, request } from './api';
import type { Paged } from '@contract/common';
import type {
  ActivityEditInput,
  ActivityCancelResult,
  ActivityExtendInput,
  ActivityQrView,
  ActivityRosterRow,
  ActivityScanInput,
  ActivityScanResult,
  ActivitySignupResult,
  ActivitySignupView,
  AttendanceConfirmation,
  MarkAttendanceInput,
  QrPurpose,
  RegisterVolunteerInput,
  VolunteerActivitiesQuery,
  VolunteerActivityInput,
  VolunteerActivityView,
  VolunteerApplicationsQuery,
  VolunteerApplicationView,
  VolunteerCertificateCheck,
  VolunteerCertificateView,
  VolunteerMe,
  VolunteerOptions,
  VolunteerRecord,
  MyVolunteerRegistrationView,
  VolunteerRegistrationView,
  VolunteerSkillView,
  VolunteerTaskContact,
  VolunteerTaskInput,
  VolunteerTasksQuery,
  VolunteerTaskView,
} from '@contract/volunteers';

export const volunteerApi = {
  // ---------------------------------------------------------------- registration (volunteer)
  skills: () => request<VolunteerSkillView[]>('/api/volunteers/skills', { auth: false }),
  /** Skills, availability choices and the consent text for the registration form. */
  options: () => request<VolunteerOptions>('/api/volunteers/options', { auth: false }),
  /** toast: false — the form shows the reasons next to the fields. */
  register: (input: RegisterVolunteerInput, idempotencyKey?: string) =>
    request<MyVolunteerRegistrationView>('/api/volunteers/registration', { method: 'POST', data: input, toast: false, idempotencyKey }),
  me: () => request<VolunteerMe>('/api/volunteers/me'),
  record: () => request<VolunteerRecord>('/api/volunteers/me/record'),
  certificate: () => request<VolunteerCertificateView>('/api/volunteers/me/certificate'),
  /** Public: anyone can check a certificate's code. toast: false — the page shows the outcome. */
  verifyCertificate: (code: string) =>
    request<VolunteerCertificateCheck>(`/api/volunteer-certificates/${encodeURIComponent(code)}`, { auth: false, toast: false }),

  // ---------------------------------------------------------------- registration review (staff)
  applications: (q: VolunteerApplicationsQuery) => request<VolunteerApplicationView[]>('/api/volunteers/applications' + query(q)),
  /** Staff record a minor's guardian's consent (relation only), before approving. */
  guardianConsent: (id: number, relation: string) => request<VolunteerRegistrationView>(`/api/volunteers/${id}/guardian-consent`, { method: 'POST', data: { relation } }),
  approveRegistration: (id: number) => request<VolunteerRegistrationView>(`/api/volunteers/${id}/approve`, { method: 'POST' }),
  returnRegistration: (id: number, reason: string) => request<VolunteerRegistrationView>(`/api/volunteers/${id}/return`, { method: 'POST', data: { reason } }),

  // ---------------------------------------------------------------- activities
  activities: (q: VolunteerActivitiesQuery = {}) => request<Paged<VolunteerActivityView>>('/api/volunteer-activities' + query(q)),
  activity: (id: number) => request<VolunteerActivityView>(`/api/volunteer-activities/${id}`),
  createActivity: (input: VolunteerActivityInput) => request<VolunteerActivityView>('/api/volunteer-activities', { method: 'POST', data: input, toast: false }),
  /** `subscribed`: the subscribe messages accepted just before (['activity_reminder']). toast: false — the page shows the outcome. */
  signup: (id: number, subscribed: string[] = []) =>
    request<ActivitySignupResult>(`/api/volunteer-activities/${id}/signups`, { method: 'POST', data: subscribed.length ? { subscribed } : {}, toast: false }),
  cancelSignup: (id: number) => request<ActivityCancelResult>(`/api/volunteer-activities/${id}/cancel-signup`, { method: 'POST', toast: false }),

  // ---------------------------------------------------------------- organizer
  roster: (id: number) => request<ActivityRosterRow[]>(`/api/volunteer-activities/${id}/signups`),
  approveSignup: (id: number, signupId: number) => request<ActivitySignupView>(`/api/volunteer-activities/${id}/signups/${signupId}/approve`, { method: 'POST' }),
  rejectSignup: (id: number, signupId: number, reason?: string) =>
    request<ActivitySignupView>(`/api/volunteer-activities/${id}/signups/${signupId}/reject`, { method: 'POST', data: reason ? { reason } : {} }),
  qr: (id: number, purpose: QrPurpose) => request<ActivityQrView>(`/api/volunteer-activities/${id}/qr` + query({ purpose }), { toast: false }),
  markAttendance: (id: number, input: MarkAttendanceInput) => request<ActivityRosterRow[]>(`/api/volunteer-activities/${id}/attendance`, { method: 'POST', data: input }),
  extend: (id: number, input: ActivityExtendInput) => request<VolunteerActivityView>(`/api/volunteer-activities/${id}/extend`, { method: 'POST', data: input }),
  confirmAttendance: (id: number) => request<AttendanceConfirmation>(`/api/volunteer-activities/${id}/confirm-attendance`, { method: 'POST' }),

  // ---------------------------------------------------------------- check-in / check-out (volunteer)
  /** toast: false — the scan page shows why a code was refused. */
  checkIn: (id: number, input: ActivityScanInput) => request<ActivityScanResult>(`/api/volunteer-activities/${id}/check-in`, { method: 'POST', data: input, toast: false }),
  checkOut: (id: number, input: ActivityScanInput) => request<ActivityScanResult>(`/api/volunteer-activities/${id}/check-out`, { method: 'POST', data: input, toast: false }),

  /** The organizer changes time, place or places before it starts (everyone holding a place is told). */
  editActivity: (id: number, input: ActivityEditInput) => request<VolunteerActivityView>(`/api/volunteer-activities/${id}`, { method: 'PATCH', data: input, toast: false }),
  /** The organizer calls it off with a reason (everyone signed up or waiting is told). */
  cancelActivity: (id: number, reason: string) => request<VolunteerActivityView>(`/api/volunteer-activities/${id}/cancel`, { method: 'POST', data: { reason }, toast: false }),
  // ---------------------------------------------------------------- tasks
  createTask: (needId: number, input: VolunteerTaskInput) => request<VolunteerTaskView>(`/api/needs/${needId}/volunteer-tasks`, { method: 'POST', data: input, toast: false }),
  /** toast: false where the list is a side panel (the staff need page) whose failure must not interrupt. */
  tasks: (q: VolunteerTasksQuery, opts: { toast?: boolean } = {}) => request<VolunteerTaskView[]>('/api/volunteer-tasks' + query(q), opts),
  myTasks: () => request<VolunteerTaskView[]>('/api/volunteer-tasks/mine'),
  task: (id: number) => request<VolunteerTaskView>(`/api/volunteer-tasks/${id}`),
  claimTask: (id: number) => request<VolunteerTaskView>(`/api/volunteer-tasks/${id}/claim`, { method: 'POST' }),
  taskContact: (id: number) => request<VolunteerTaskContact>(`/api/volunteer-tasks/${id}/contact`),
  /** 释放 (the claimer cannot go) or 收回 (staff take it back): back to open, with the reason. */
  releaseTask: (id: number, reason: string) => request<VolunteerTaskView>(`/api/volunteer-tasks/${id}/release`, { method: 'POST', data: { reason }, toast: false }),
  /** 改派: staff hand an open or claimed task to a named volunteer of the community. */
  assignTask: (id: number, userId: number) => request<VolunteerTaskView>(`/api/volunteer-tasks/${id}/assign`, { method: 'POST', data: { userId }, toast: false }),
  /** Staff confirm a done task: `minutes` (whole half hours, at most scheduled) are credited with points. */
  confirmTask: (id: number, minutes: number) => request<VolunteerTaskView>(`/api/volunteer-tasks/${id}/confirm`, { method: 'POST', data: { minutes }, toast: false }),
  taskDone: (id: number, note: string) => request<VolunteerTaskView>(`/api/volunteer-tasks/${id}/done`, { method: 'POST', data: { note }, toast: false }),
};
