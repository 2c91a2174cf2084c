import { classifyAddress, isLocalhostName, judgeAddresses } from '../../../src/external-service/address-guard';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'cloud-metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['fd00:ec2::254', 'cloud-metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'cloud-metadata'],
    ['::127.0.0.1', 'ipv4-compatible'],
    ['::7f00:1', 'ipv4-compatible'],
    ['::8.8.8.8', 'ipv4-compatible'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'cloud-metadata'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::1', '6to4'],
    ['2002:808:808::1', '6to4'],
    ['2001::1', 'teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['2001:2::1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['not-an-ip', 'unparseable'],
  ])('refuses %s as %s', (address, category) => {
    expect(classifyAddress(address)).toMatchObject({ allowed: false, category });
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows the public address %s', (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });

  it('marks metadata, unspecified, broadcast and multicast as refused even when allowlisted', () => {
    for (const address of ['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254', '0.0.0.0', '::', '255.255.255.255', '224.0.0.1', 'ff02::1']) {
      expect(classifyAddress(address)).toMatchObject({ allowed: false, always: true });
    }
    for (const address of ['127.0.0.1', '10.0.0.1', '::1', 'fd00::1', '169.254.1.1']) {
      expect(classifyAddress(address)).toMatchObject({ allowed: false, always: false });
    }
  });
});

describe('judgeAddresses', () => {
  it('refuses a host when any one of its addresses is refused', () => {
    expect(judgeAddresses(['8.8.8.8', '10.0.0.1'], false)).toEqual({ allowed: false, category: 'private' });
    expect(judgeAddresses(['8.8.8.8', '2606:4700::1'], false)).toEqual({ allowed: true });
  });

  it('lets an allowlisted host use private addresses but never the metadata address', () => {
    expect(judgeAddresses(['127.0.0.1', '10.0.0.1'], true)).toEqual({ allowed: true });
    expect(judgeAddresses(['127.0.0.1', '169.254.169.254'], true)).toEqual({ allowed: false, category: 'cloud-metadata' });
  });

  it('refuses a host with no address', () => {
    expect(judgeAddresses([], true)).toEqual({ allowed: false, category: 'no-address' });
  });
});

describe('isLocalhostName', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'a.b.localhost..'])('%s is this machine', (name) => {
    expect(isLocalhostName(name)).toBe(true);
  });
  it.each(['localhost.example.com', 'mylocalhost', 'example.com'])('%s is not', (name) => {
    expect(isLocalhostName(name)).toBe(false);
  });
});
