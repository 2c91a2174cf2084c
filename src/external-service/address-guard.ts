import * as ipaddr from 'ipaddr.js';

/**
 * Which IP addresses an external service may be reached at (the SSRF guard's rule).
 * Pure: the caller resolves names and hands over every address.
 */
export type AddressVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** loopback, private, link-local, metadata, … */
      readonly category: string;
      /** Refused even for an allowlisted `host:port` (cloud metadata, unspecified, multicast, broadcast). */
      readonly always: boolean;
    };

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
type Rule = { readonly range: Cidr; readonly category: string; readonly always?: boolean };

const rule = (cidr: string, category: string, always = false): Rule => ({ range: ipaddr.parseCIDR(cidr), category, always });

/** First match wins, so the specific entries come before the ranges that contain them. */
const IPV4_RULES: readonly Rule[] = [
  rule('169.254.169.254/32', 'cloud-metadata', true),
  rule('255.255.255.255/32', 'broadcast', true),
  rule('0.0.0.0/8', 'unspecified', true),
  rule('10.0.0.0/8', 'private'),
  rule('100.64.0.0/10', 'carrier-grade-nat'),
  rule('127.0.0.0/8', 'loopback'),
  rule('169.254.0.0/16', 'link-local'),
  rule('172.16.0.0/12', 'private'),
  rule('192.0.0.0/24', 'reserved'),
  rule('192.0.2.0/24', 'documentation'),
  rule('192.88.99.0/24', 'reserved'),
  rule('192.168.0.0/16', 'private'),
  rule('198.18.0.0/15', 'benchmarking'),
  rule('198.51.100.0/24', 'documentation'),
  rule('203.0.113.0/24', 'documentation'),
  rule('224.0.0.0/4', 'multicast', true),
  rule('240.0.0.0/4', 'reserved'),
];

const IPV6_RULES: readonly Rule[] = [
  rule('fd00:ec2::254/128', 'cloud-metadata', true),
  rule('::/128', 'unspecified', true),
  rule('::1/128', 'loopback'),
  // the first 96 bits zero: the deprecated IPv4-compatible form (::127.0.0.1), never a real destination
  rule('::/96', 'ipv4-compatible'),
  rule('64:ff9b:1::/48', 'private'),
  rule('100::/64', 'reserved'),
  rule('2001::/32', 'teredo'),
  rule('2001:db8::/32', 'documentation'),
  rule('2001::/23', 'reserved'),
  rule('2002::/16', '6to4'),
  rule('3fff::/20', 'documentation'),
  rule('5f00::/16', 'reserved'),
  rule('fc00::/7', 'unique-local'),
  rule('fe80::/10', 'link-local'),
  rule('fec0::/10', 'site-local'),
  rule('ff00::/8', 'multicast', true),
];

/** IPv6 forms that carry an IPv4 address the rule must judge instead. */
const IPV4_MAPPED = ipaddr.parseCIDR('::ffff:0:0/96');
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

const ALLOWED: AddressVerdict = { allowed: true };

/** Judges one IP address (IPv4 dotted or IPv6, without brackets). */
export function classifyAddress(address: string): AddressVerdict {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.includes(':') ? canonicalIpv6(address) : address);
  } catch {
    return { allowed: false, category: 'unparseable', always: true };
  }
  return parsed.kind() === 'ipv4' ? classifyIpv4(parsed as ipaddr.IPv4) : classifyIpv6(parsed as ipaddr.IPv6);
}

/**
 * ipaddr.js reads any dotted tail (`::127.0.0.1`) as IPv4-mapped; the WHATWG URL parser
 * follows RFC 4291 (`::7f00:1`, IPv4-compatible), so IPv6 text goes through it first.
 */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

function classifyIpv4(address: ipaddr.IPv4): AddressVerdict {
  return firstMatch(address, IPV4_RULES) ?? ALLOWED;
}

function classifyIpv6(address: ipaddr.IPv6): AddressVerdict {
  if (address.match(IPV4_MAPPED) || address.match(NAT64)) {
    const bytes = address.toByteArray();
    return classifyIpv4(new ipaddr.IPv4(bytes.slice(12)));
  }
  const matched = firstMatch(address, IPV6_RULES);
  if (matched) return matched;
  return address.match(GLOBAL_UNICAST) ? ALLOWED : { allowed: false, category: 'reserved', always: false };
}

function firstMatch(address: ipaddr.IPv4 | ipaddr.IPv6, rules: readonly Rule[]): AddressVerdict | undefined {
  for (const { range, category, always } of rules) {
    if (address.kind() === range[0].kind() && address.match(range)) return { allowed: false, category, always: always ?? false };
  }
  return undefined;
}

/** `localhost` and `*.localhost` always mean this machine (RFC 6761), whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The decision for a whole host: every resolved address must pass. An allowlisted
 * `host:port` may use refused addresses except the `always` ones.
 */
export function judgeAddresses(addresses: readonly string[], allowlisted: boolean): { allowed: true } | { allowed: false; category: string } {
  if (addresses.length === 0) return { allowed: false, category: 'no-address' };
  for (const address of addresses) {
    const verdict = classifyAddress(address);
    if (!verdict.allowed && (verdict.always || !allowlisted)) return { allowed: false, category: verdict.category };
  }
  return { allowed: true };
}
