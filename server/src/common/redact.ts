/**
 * Defence in depth for logs: whatever reaches a log line passes through here, so a phone number
 * or an ID number that slipped into an error message is masked before it is written.
 */
import { redactNumbers, redactText } from '../contract/redact';

/** The public-text redactor (contract/redact.ts): numbers, exact addresses and given names masked. */
export { redactText };

export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactNumbers(value);
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
  return out;
}

/** Long runs of digits look like phone or ID numbers: kept out of text that is shown publicly. */
export const looksLikePersonalNumber = (text: string): boolean => /\d{7,}/.test(text.replace(/[\s-]/g, ''));

/** 13812345678 → 138****5678, for display to people who need to see that a number exists. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
