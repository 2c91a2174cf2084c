import { parseServiceUrl, serviceUrlProblem } from '../../../src/external-service/service-url';

function target(raw: string) {
  const parsed = parseServiceUrl(raw);
  if (!parsed.ok) throw new Error(`expected ${raw} to parse: ${parsed.problem}`);
  return parsed.target;
}

describe('parseServiceUrl', () => {
  it.each([
    ['http://127.1:8080/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://[::1]/', '::1'],
    ['http://[0:0:0:0:0:0:0:1]/', '::1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[::ffff:7f00:1]/', '::ffff:7f00:1'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
  ])('normalises the literal %s to %s (no DNS)', (raw, address) => {
    expect(target(raw).literalAddress).toBe(address);
    expect(target(raw).servername).toBeUndefined();
  });

  it('keeps names for DNS, with a TLS server name without the trailing dot', () => {
    const t = target('https://CRM.Example.com./hook?key=1#frag');
    expect(t.literalAddress).toBeUndefined();
    expect(t.host).toBe('crm.example.com.');
    expect(t.servername).toBe('crm.example.com');
    expect(t.path).toBe('/hook?key=1');
    expect(t.port).toBe(443);
  });

  it('builds the allowlist key from host and port as written, default ports explicit', () => {
    expect(target('http://crm.internal/x').allowlistKey).toBe('crm.internal:80');
    expect(target('https://crm.internal/x').allowlistKey).toBe('crm.internal:443');
    expect(target('https://CRM.internal:8443/x').allowlistKey).toBe('crm.internal:8443');
    expect(target('http://127.0.0.1:3000/x').allowlistKey).toBe('127.0.0.1:3000');
    expect(target('http://[::1]:3000/x').allowlistKey).toBe('[::1]:3000');
    expect(target('http://localhost.:3000/x').allowlistKey).toBe('localhost.:3000');
  });

  // the call refuses what saving refuses (the one rule): a stored URL is never read differently
  it.each([
    ['ftp://example.com/', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['/relative', 'http or https'],
    ['https://user:pass@example.com/', 'user name or password'],
    ['https://user@example.com/', 'user name or password'],
    ['https://@example.com/', 'user name or password'],
    [' https://example.com/', 'spaces or control characters'],
    ['https://example.com/\r\nHost: evil', 'spaces or control characters'],
    ['https:example.com/', 'with a host'],
    [`https://example.com/${'a'.repeat(2048)}`, 'at most 2048'],
  ])('refuses %s', (raw, problem) => {
    expect(parseServiceUrl(raw).ok).toBe(false);
    expect(serviceUrlProblem(raw)).toContain(problem);
  });

  it('refuses values that are not strings', () => {
    expect(serviceUrlProblem(42)).toBe('must be a string');
  });
});
