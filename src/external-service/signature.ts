import { createHmac } from 'node:crypto';

export const SIGNATURE_VERSION = 'v1';

/**
 * `v1=<hex HMAC-SHA256(secret, id + "." + timestamp + "." + body)>`: binding the request id
 * and the timestamp lets a receiver refuse replays (DESIGN §5).
 */
export function signRequest(secret: string, requestId: string, timestamp: number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${requestId}.${timestamp}.`);
  hmac.update(body);
  return `${SIGNATURE_VERSION}=${hmac.digest('hex')}`;
}
