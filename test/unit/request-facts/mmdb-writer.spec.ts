import { Reader, type Response } from 'maxmind';
import { writeMmdb } from '../../support/mmdb-writer';

/** The test writer is only as good as the fixtures it makes: these read them back with `maxmind`. */
describe('writeMmdb (test support)', () => {
  const read = (database: Buffer, ip: string): unknown => new Reader<Response>(database).get(ip);

  it('writes the metadata maxmind expects', () => {
    const metadata = new Reader<Response>(writeMmdb({ '10.0.0.0/8': 'x' }, { databaseType: 'Test-Country', buildEpoch: 1_700_000_000 })).metadata;
    expect(metadata).toMatchObject({
      binaryFormatMajorVersion: 2,
      binaryFormatMinorVersion: 0,
      databaseType: 'Test-Country',
      ipVersion: 6,
      recordSize: 24,
      languages: ['en'],
      buildEpoch: new Date(1_700_000_000_000),
    });
  });

  it('round-trips every kind of value, short and long', () => {
    const value = {
      empty: '',
      short: 'é',
      oneSizeByte: 'a'.repeat(200),
      twoSizeBytes: 'b'.repeat(1_000),
      threeSizeBytes: 'c'.repeat(70_000),
      zero: 0,
      whole: 4_294_967_295,
      fraction: -1.5,
      yes: true,
      no: false,
      list: [1, 'two', [true], { nested: 'map' }],
    };
    expect(read(writeMmdb({ '10.0.0.0/8': value }), '10.1.2.3')).toEqual(value);
  });

  it('places IPv4 and IPv6 networks by prefix, and nothing else', () => {
    const database = writeMmdb({ '10.0.0.0/8': 'v4', '2001:db8::/32': 'v6', '192.0.2.7/32': 'host' });
    expect(read(database, '10.255.0.1')).toBe('v4');
    expect(read(database, '11.0.0.1')).toBeNull();
    expect(read(database, '2001:db8:ffff::1')).toBe('v6');
    expect(read(database, '2001:db9::1')).toBeNull();
    expect(read(database, '192.0.2.7')).toBe('host');
    expect(read(database, '192.0.2.8')).toBeNull();
  });

  it('lets a later network win where it overlaps an earlier one', () => {
    const database = writeMmdb({ '10.0.0.0/8': 'wide', '10.1.0.0/16': 'narrow', '172.16.0.0/16': 'first', '172.16.0.0/12': 'replaced' });
    expect(read(database, '10.1.2.3')).toBe('narrow');
    expect(read(database, '10.2.0.1')).toBe('wide');
    expect(read(database, '10.0.0.1')).toBe('wide');
    expect(read(database, '172.16.0.1')).toBe('replaced');
  });
});
