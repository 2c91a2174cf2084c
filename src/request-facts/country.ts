import * as ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';
import type { CountryResponse, Reader } from 'maxmind';
import { isIP } from 'node:net';

/** Client IPs whose country is remembered per instance. */
const MAX_REMEMBERED_IPS = 10_000;
/** Cached for an IP the database does not place (the cache holds no `undefined`). */
const NO_COUNTRY = '';

/**
 * An ISO 3166-1 alpha-2 code, upper-cased, or `undefined` for anything else (DESIGN §16):
 * `XX` (Cloudflare's "unknown"), `T1` (Cloudflare's Tor), an empty value and anything longer
 * or shorter. Letters are checked before upper-casing (`ß` would become `SS`).
 */
export function countryCodeOf(value: string | null | undefined): string | undefined {
  if (!value || !/^[A-Za-z]{2}$/.test(value)) return undefined;
  const code = value.toUpperCase();
  return code === 'XX' ? undefined : code;
}

/**
 * The country a trusted proxy reports in a header such as `CF-IPCountry`. A header repeated
 * with different values is ambiguous and counts as absent (Node joins most repeats into one
 * `"GB, FR"` string, which is not two letters either).
 */
export function countryFromHeader(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? countryCodeOf(value[0]) : undefined;
  return countryCodeOf(value);
}

/**
 * Countries of client IPs from a MaxMind country database (GeoLite2/GeoIP2 Country or City,
 * or a compatible one): the `country` of the network, else its `registered_country` (some
 * ranges, anycast and satellite ones among them, carry only that). Lookups are remembered
 * per IP in a bounded LRU.
 */
export class GeoIpCountries {
  private readonly remembered = new LRUCache<string, string>({ max: MAX_REMEMBERED_IPS });

  constructor(private readonly reader: Reader<CountryResponse>) {}

  /** The country of `ip`, or `undefined` when the database does not place it or `ip` is not an IP address. */
  lookup(ip: string): string | undefined {
    // isIP refuses the forms ipaddr.js also accepts (`127.1`, `0x7f.0.0.1`, `3232235777`);
    // a zone (`fe80::1%eth0`) names an interface of this host, not a place
    if (isIP(ip) === 0 || ip.includes('%')) return undefined;
    let country = this.remembered.get(ip);
    if (country === undefined) {
      country = this.find(ip) ?? NO_COUNTRY;
      this.remembered.set(ip, country);
    }
    return country === NO_COUNTRY ? undefined : country;
  }

  private find(ip: string): string | undefined {
    // `::ffff:1.2.3.4` → `1.2.3.4`: MaxMind's databases alias the mapped range, others may not
    const found = this.reader.get(ipaddr.process(ip).toString());
    return countryCodeOf(found?.country?.iso_code) ?? countryCodeOf(found?.registered_country?.iso_code);
  }
}
