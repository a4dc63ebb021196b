/**
 * One-time subscribe messages (订阅消息): asked for at the step where the user acts (report,
 * 我也遇到了, rate, reopen, vote, meeting sign-up), and the keys the user accepted are sent along with that request so
 * the server may send one message per accepted key.
 */
import { platform } from '../platform/index';

export type TemplateKey = 'need_status' | 'fund_approval' | 'urgent_need';

const templates: Record<string, string> = typeof SUBSCRIBE_TEMPLATES === 'object' && SUBSCRIBE_TEMPLATES ? SUBSCRIBE_TEMPLATES : {};

/** Asks for the configured templates among `keys`; answers the keys the user accepted. */
export async function askSubscribe(keys: TemplateKey[]): Promise<string[]> {
  const wanted = keys.filter((k) => templates[k]);
  if (wanted.length === 0) return [];
  const answers = await platform.requestSubscribe(wanted.map((k) => templates[k]));
  return wanted.filter((k) => answers[templates[k]] === 'accept');
}
