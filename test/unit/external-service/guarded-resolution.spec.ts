import { BlockedAddressError, type LookupAll, resolveCheckedAddress, ResolutionFailedError } from '../../../src/external-service/guarded-connector';
import { parseServiceUrl, type ServiceTarget } from '../../../src/external-service/service-url';

function target(raw: string): ServiceTarget {
  const parsed = parseServiceUrl(raw);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.target;
}

/** A resolver playing DNS answers, counting lookups. */
function resolver(answers: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup: LookupAll = (hostname) => {
    asked.push(hostname);
    const addresses = answers[hostname];
    if (!addresses) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  return { lookup, asked };
}

const never = new AbortController().signal;

describe('resolveCheckedAddress', () => {
  it('returns a checked public address, preferring IPv4', async () => {
    const { lookup } = resolver({ 'crm.example.com': ['2606:4700::1', '93.184.216.34'] });
    expect(await resolveCheckedAddress(target('https://crm.example.com/x'), new Set(), never, lookup)).toBe('93.184.216.34');
  });

  it('refuses a name when any resolved address is private (rebinding-style answers)', async () => {
    const { lookup } = resolver({ 'mixed.example.com': ['93.184.216.34', '127.0.0.1'] });
    await expect(resolveCheckedAddress(target('https://mixed.example.com/'), new Set(), never, lookup)).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it('lets an allowlisted host:port resolve privately, but only on that port', async () => {
    const { lookup } = resolver({ 'crm.internal': ['10.0.0.5'] });
    const allow = new Set(['crm.internal:8080']);
    expect(await resolveCheckedAddress(target('http://crm.internal:8080/'), allow, never, lookup)).toBe('10.0.0.5');
    await expect(resolveCheckedAddress(target('http://crm.internal:8081/'), allow, never, lookup)).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(resolveCheckedAddress(target('http://crm.internal/'), allow, never, lookup)).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it('refuses the metadata address even for an allowlisted name', async () => {
    const { lookup } = resolver({ 'metadata.internal': ['169.254.169.254'] });
    await expect(resolveCheckedAddress(target('http://metadata.internal/'), new Set(['metadata.internal:80']), never, lookup)).rejects.toMatchObject({
      category: 'cloud-metadata',
    });
  });

  it('judges literals without DNS', async () => {
    const { lookup, asked } = resolver({});
    await expect(resolveCheckedAddress(target('http://0x7f.1/'), new Set(), never, lookup)).rejects.toMatchObject({ category: 'loopback' });
    expect(await resolveCheckedAddress(target('http://8.8.8.8/'), new Set(), never, lookup)).toBe('8.8.8.8');
    expect(asked).toEqual([]);
  });

  it('refuses localhost names without asking DNS unless allowlisted', async () => {
    const { lookup, asked } = resolver({ 'localhost.': ['127.0.0.1'] });
    await expect(resolveCheckedAddress(target('http://localhost./'), new Set(), never, lookup)).rejects.toMatchObject({ category: 'loopback' });
    expect(asked).toEqual([]);
    expect(await resolveCheckedAddress(target('http://localhost./'), new Set(['localhost.:80']), never, lookup)).toBe('127.0.0.1');
  });

  it('fails closed when the name does not resolve', async () => {
    const { lookup } = resolver({});
    await expect(resolveCheckedAddress(target('http://nowhere.invalid/'), new Set(), never, lookup)).rejects.toBeInstanceOf(ResolutionFailedError);
  });

  it('gives up on a resolver that does not answer before the deadline', async () => {
    const deadline = new AbortController();
    const hanging: LookupAll = () => new Promise(() => undefined);
    setTimeout(() => deadline.abort(new Error('deadline')), 50);
    await expect(resolveCheckedAddress(target('http://slow.example.com/'), new Set(), deadline.signal, hanging)).rejects.toThrow('deadline');
  });
});
