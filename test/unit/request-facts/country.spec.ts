import { type CountryResponse, Reader } from 'maxmind';
import { countryFromHeader, GeoIpCountries } from '../../../src/request-facts/country';
import { writeMmdb } from '../../support/mmdb-writer';

describe('countryFromHeader', () => {
  it.each([
    ['GB', 'GB'],
    ['gb', 'GB'],
    ['De', 'DE'],
    ['XX', undefined], // Cloudflare: unknown
    ['xx', undefined],
    ['T1', undefined], // Cloudflare: Tor
    ['', undefined],
    ['G', undefined],
    ['GBR', undefined],
    [' GB', undefined],
    ['G1', undefined],
    ['ß', undefined], // would upper-case to "SS"
    ['ÄÖ', undefined],
    ['GB, FR', undefined], // a repeated header, joined
  ])('%j → %j', (value, expected) => {
    expect(countryFromHeader(value)).toBe(expected);
  });

  it('reads a single-valued list and refuses a repeated header', () => {
    expect(countryFromHeader(undefined)).toBeUndefined();
    expect(countryFromHeader(['fr'])).toBe('FR');
    expect(countryFromHeader(['FR', 'FR'])).toBeUndefined();
    expect(countryFromHeader([])).toBeUndefined();
  });
});

describe('GeoIpCountries', () => {
  const database = writeMmdb({
    '81.2.69.0/24': { country: { iso_code: 'GB' }, registered_country: { iso_code: 'GB' } },
    '2001:db8::/32': { country: { iso_code: 'SE' } },
    // anycast and satellite ranges may carry only the registrant's country
    '203.0.113.0/24': { registered_country: { iso_code: 'US' } },
    '198.51.100.0/24': { continent: { code: 'EU' } },
    '192.0.2.0/24': { country: { iso_code: 'gb-x' }, registered_country: { iso_code: 'NL' } },
  });
  let reader: Reader<CountryResponse>;
  let countries: GeoIpCountries;

  beforeEach(() => {
    reader = new Reader<CountryResponse>(database);
    countries = new GeoIpCountries(reader);
  });

  it.each([
    ['an IPv4 address', '81.2.69.160', 'GB'],
    ['an IPv6 address', '2001:db8::1', 'SE'],
    ['an IPv6 address written long and in upper case', '2001:DB8:0:0:0:0:0:1', 'SE'],
    ['an IPv4-mapped IPv6 address', '::ffff:81.2.69.160', 'GB'],
    ['an IPv4-mapped IPv6 address in hex', '::ffff:5102:45a0', 'GB'],
    ['a network with only a registered country', '203.0.113.9', 'US'],
    ['a network whose country code is not two letters', '192.0.2.1', 'NL'],
  ])('places %s', (_name, ip, expected) => {
    expect(countries.lookup(ip)).toBe(expected);
  });

  it.each([
    ['an address outside every network', '8.8.8.8'],
    ['an IPv6 address outside every network', '2001:db9::1'],
    ['a network without a country', '198.51.100.7'],
    ['loopback', '127.0.0.1'],
  ])('does not place %s', (_name, ip) => {
    expect(countries.lookup(ip)).toBeUndefined();
  });

  it.each(['', 'not-an-ip', '81.2.69.160 ', '81.2.69.999', '127.1', '0x51.2.69.160', '1359103392', 'fe80::1%eth0', '81.2.69.0/24'])(
    'answers undefined for %j, which is not an IP address',
    (ip) => {
      expect(countries.lookup(ip)).toBeUndefined();
    },
  );

  it('looks each IP up once, found or not', () => {
    const get = jest.spyOn(reader, 'get');
    for (let i = 0; i < 3; i++) {
      expect(countries.lookup('81.2.69.160')).toBe('GB');
      expect(countries.lookup('8.8.8.8')).toBeUndefined();
    }
    expect(get).toHaveBeenCalledTimes(2);
    expect(get).toHaveBeenCalledWith('81.2.69.160');
  });
});
