import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Firing ids bound to their visitor (DESIGN §14, §16): a version-4-shaped UUID whose first
 * half is random and whose second half is an HMAC of it and the visitor's token, under a key
 * derived from `SECRETS_KEY`. Any instance recognizes a firing of this visitor at once —
 * without waiting for the firing log, which is written in batches — and a forged or foreign
 * id is refused without touching the database. (62 bits of MAC after the UUID's fixed bits.)
 */
export class FiringIds {
  private readonly key: Buffer;

  constructor(secretsKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'livechat-triggers firing-id', 32));
  }

  issue(visitorToken: string): string {
    const bytes = randomBytes(16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    this.seal(bytes, visitorToken);
    return format(bytes);
  }

  /** Whether `firingId` was issued for this visitor. */
  isOf(firingId: string, visitorToken: string): boolean {
    if (!UUID.test(firingId)) return false;
    const given = Buffer.from(firingId.replaceAll('-', ''), 'hex');
    const expected = Buffer.from(given);
    this.seal(expected, visitorToken);
    return timingSafeEqual(given, expected);
  }

  /** Writes the MAC of bytes 0–7 and the token into bytes 8–15, with the UUID variant bits. */
  private seal(bytes: Buffer, visitorToken: string): void {
    const mac = createHmac('sha256', this.key).update(bytes.subarray(0, 8)).update(visitorToken).digest();
    mac.copy(bytes, 8, 0, 8);
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  }
}

function format(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
