/**
 * What only the volunteer subpackage's pages do besides calling the API: read a scanned code,
 * ask for the reminder subscription inside the tap, fetch the certificate PDF. Kept out of
 * services/volunteer.ts (which the 志愿 tab, in the main package, imports).
 */
import type { QrPurpose } from '@contract/volunteers';
import { CERTIFICATE_PDF_PATH } from '@contract/volunteer-rules';
import { platform } from '../platform/index';
import { openDocument } from '../services/api';

/**
 * A scanned QR text → the activity it belongs to and the token. The organizer's code is the
 * bare token `v1.<activityId>.<in|out>.<window>.<mac>`; pasted text may carry spaces.
 */
export function parseCheckinCode(text: string, typed?: { activityId: number | null; purpose: QrPurpose }): { token: string; activityId: number; purpose: QrPurpose } | null {
  const token = text.trim();
  // The 6-digit code under the QR, typed on the activity's own check-in page.
  const digits = token.replace(/\s+/g, '');
  if (/^\d{6}$/.test(digits)) return typed?.activityId ? { token: digits, activityId: typed.activityId, purpose: typed.purpose } : null;
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') return null;
  const activityId = Number(parts[1]);
  if (!Number.isInteger(activityId) || activityId < 1) return null;
  if (parts[2] !== 'in' && parts[2] !== 'out') return null;
  return { token, activityId, purpose: parts[2] };
}

/**
 * Asks (inside the tap) for the activity-reminder subscribe message, when the build has its
 * template id (TARO_APP_TEMPLATE_ACTIVITY_REMINDER); answers the keys the volunteer accepted.
 */
export async function askReminderSubscription(): Promise<string[]> {
  const templates: Record<string, string> = typeof SUBSCRIBE_TEMPLATES === 'object' && SUBSCRIBE_TEMPLATES ? SUBSCRIBE_TEMPLATES : {};
  const id = templates.activity_reminder;
  if (!id) return [];
  try {
    const answers = await platform.requestSubscribe([id]);
    return answers[id] === 'accept' ? ['activity_reminder'] : [];
  } catch {
    return [];
  }
}

/** The certificate PDF: WeChat opens it; H5 answers a blob: URL for a link. */
export function downloadCertificate(): Promise<{ opened: boolean; url: string }> {
  return openDocument(CERTIFICATE_PDF_PATH, 'pdf', {
    failure: '证明下载失败，请稍后再试',
    refusals: {
      503: '暂时无法生成证明 PDF（服务器缺少中文字体），请稍后再试或联系社区',
      403: '只有审核通过的注册志愿者可以开具志愿服务证明',
    },
  });
}
