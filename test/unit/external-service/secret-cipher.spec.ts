import { randomBytes } from 'node:crypto';
import { SecretCipher } from '../../../src/external-service/secret-cipher';

describe('SecretCipher', () => {
  const key = randomBytes(32);
  const cipher = new SecretCipher(key);

  it('round-trips, with a fresh 12-byte IV and no plaintext in the sealed value', () => {
    const a = cipher.seal('my-very-secret-token', 'ctx');
    const b = cipher.seal('my-very-secret-token', 'ctx');
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(JSON.stringify(a)).not.toContain('my-very-secret-token');
    expect(JSON.stringify(a)).not.toContain(Buffer.from('my-very-secret-token').toString('base64'));
    expect(cipher.open(a, 'ctx')).toBe('my-very-secret-token');
    expect(cipher.open(b, 'ctx')).toBe('my-very-secret-token');
  });

  it('does not open with another key, another context, or a tampered value', () => {
    const sealed = cipher.seal('token', 'ctx');
    expect(new SecretCipher(randomBytes(32)).open(sealed, 'ctx')).toBeUndefined();
    expect(cipher.open(sealed, 'other-setting')).toBeUndefined();
    const data = Buffer.from(sealed.data, 'base64');
    data[0] ^= 1;
    expect(cipher.open({ ...sealed, data: data.toString('base64') }, 'ctx')).toBeUndefined();
    const tag = Buffer.from(sealed.tag, 'base64');
    tag[0] ^= 1;
    expect(cipher.open({ ...sealed, tag: tag.toString('base64') }, 'ctx')).toBeUndefined();
  });

  it('treats malformed stored values as unreadable', () => {
    for (const value of [null, 'token', 42, {}, { v: 2, alg: 'aes-256-gcm', iv: '', tag: '', data: '' }]) {
      expect(cipher.open(value, 'ctx')).toBeUndefined();
    }
  });

  it('wants a 32-byte key', () => {
    expect(() => new SecretCipher(randomBytes(16))).toThrow('32 bytes');
  });
});
