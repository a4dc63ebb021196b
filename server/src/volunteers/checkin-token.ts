import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The rotating check-in/check-out QR code shown by the organizer (签到码/签退码).
 *
 * Token: `v1.<activityId>.<purpose>.<window>.<mac>` where `window` = floor(epoch ms / 30 000)
 * and `mac` = HMAC-SHA256 over the rest, keyed by a key derived (HKDF) from DATA_KEY, truncated
 * to 128 bits. A token is accepted in its own 30-second window and the next one only, so a
 * photo of the code is useless a minute later; replay by the same person is refused by the
 * volunteer_qr_use table.
 */
export const QR_WINDOW_MS = 30_000;
import type { QrPurpose } from '../contract/volunteers';
export type { QrPurpose } from '../contract/volunteers';

export type QrCheck =
  | { ok: true; activityId: number; purpose: QrPurpose; window: number }
  | { ok: false; problem: 'malformed' | 'bad_signature' | 'expired' | 'future' };

export class CheckinTokens {
  private readonly key: Buffer;

  constructor(dataKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'wushe/volunteer-qr/v1', 32));
  }

  windowOf(now: Date): number {
    return Math.floor(now.getTime() / QR_WINDOW_MS);
  }

  issue(activityId: number, purpose: QrPurpose, now: Date): { token: string; code: string; expiresAt: Date; refreshAt: Date } {
    const window = this.windowOf(now);
    const body = `v1.${activityId}.${purpose}.${window}`;
    return {
      token: `${body}.${this.mac(body)}`,
      code: this.code(activityId, purpose, window),
      refreshAt: new Date((window + 1) * QR_WINDOW_MS),
      expiresAt: new Date((window + 2) * QR_WINDOW_MS),
    };
  }

  verify(token: string, now: Date): QrCheck {
    const parts = token.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') return { ok: false, problem: 'malformed' };
    const [, idRaw, purpose, windowRaw, mac] = parts;
    const activityId = Number(idRaw);
    const window = Number(windowRaw);
    if (!Number.isInteger(activityId) || !Number.isInteger(window) || (purpose !== 'in' && purpose !== 'out')) return { ok: false, problem: 'malformed' };
    const expected = Buffer.from(this.mac(parts.slice(0, 4).join('.')));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: 'bad_signature' };
    const current = this.windowOf(now);
    if (window > current) return { ok: false, problem: 'future' };
    if (window < current - 1) return { ok: false, problem: 'expired' };
    return { ok: true, activityId, purpose, window };
  }

  /**
   * The 6-digit code for typing (H5, or a phone whose camera fails): the same activity, purpose
   * and 30-second window as the QR token, from the same key. With a million codes and wrong
   * tries rate-limited (AttendanceService), guessing is hopeless; the activity comes from the page.
   */
  code(activityId: number, purpose: QrPurpose, window: number): string {
    const n = createHmac('sha256', this.key).update(`code.v1.${activityId}.${purpose}.${window}`).digest().readUInt32BE(0) % 1_000_000;
    return String(n).padStart(6, '0');
  }

  /** A typed code checked against the current window and the one before (as a QR token is). */
  verifyCode(activityId: number, purpose: QrPurpose, code: string, now: Date): QrCheck {
    if (!/^\d{6}$/.test(code)) return { ok: false, problem: 'malformed' };
    const current = this.windowOf(now);
    for (const window of [current, current - 1]) {
      const expected = Buffer.from(this.code(activityId, purpose, window));
      if (timingSafeEqual(expected, Buffer.from(code))) return { ok: true, activityId, purpose, window };
    }
    return { ok: false, problem: 'bad_signature' };
  }

  /** What is stored about a used token (never the token itself). */
  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, 16).toString('base64url');
  }
}
