import { signRequest } from '../../../src/external-service/signature';

describe('signRequest', () => {
  it('is v1= and the hex HMAC-SHA256 of id.timestamp.body (vector from `openssl dgst -sha256 -hmac`)', () => {
    // printf '%s' 'req-1.1700000000.{"visitorToken":"v","metadata":[]}' | openssl dgst -sha256 -hmac 's3cret'
    expect(signRequest('s3cret', 'req-1', 1700000000, '{"visitorToken":"v","metadata":[]}')).toBe(
      'v1=5a7269e6ae5fde862e02cadd79a299e30b86291d07bdaf26a64aa52df6d0a4a8',
    );
  });

  it('signs bytes and strings alike and changes with every part', () => {
    const base = signRequest('k', 'id', 1, 'body');
    expect(signRequest('k', 'id', 1, Buffer.from('body'))).toBe(base);
    expect(signRequest('k2', 'id', 1, 'body')).not.toBe(base);
    expect(signRequest('k', 'id2', 1, 'body')).not.toBe(base);
    expect(signRequest('k', 'id', 2, 'body')).not.toBe(base);
    expect(signRequest('k', 'id', 1, 'body ')).not.toBe(base);
  });
});
