import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A secret as stored: AES-256-GCM with a random 12-byte IV per write and its auth tag (base64). */
export interface SealedSecret {
  readonly v: 1;
  readonly alg: 'aes-256-gcm';
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

const ALGORITHM = 'aes-256-gcm';

/**
 * Encrypts secrets at rest. The `context` (the setting's key) is bound as additional
 * authenticated data, so a ciphertext copied under another setting does not open.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
  }

  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { v: 1, alg: ALGORITHM, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** The plaintext, or `undefined` when the value is malformed or was sealed with another key. */
  open(sealed: unknown, context: string): string | undefined {
    if (!isSealedSecret(sealed)) return undefined;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

export function isSealedSecret(value: unknown): value is SealedSecret {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 1 &&
    v.alg === ALGORITHM &&
    typeof v.iv === 'string' &&
    Buffer.from(v.iv, 'base64').length === 12 &&
    typeof v.tag === 'string' &&
    Buffer.from(v.tag, 'base64').length === 16 &&
    typeof v.data === 'string'
  );
}
