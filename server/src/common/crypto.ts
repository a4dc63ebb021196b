import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption for personal identifiers at rest (phone numbers, WeChat session keys, later ID
 * numbers). AES-256-GCM with a random IV; a keyed hash (HMAC-SHA256) gives an equality lookup
 * and a uniqueness key without storing the value in clear. Both keys derive from DATA_KEY.
 * Ciphertext format: `v1.<iv>.<tag>.<data>` (base64url), so keys can rotate later.
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(dataKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'wushe/pii-encryption/v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'wushe/pii-lookup/v1', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(token: string): string {
    const [version, iv, tag, data] = token.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A stable keyed hash for lookups; `kind` separates the namespaces of different identifiers. */
  lookupHash(kind: string, value: string): string {
    return createHmac('sha256', this.macKey).update(`${kind}:${value}`).digest('hex');
  }
}
