import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '0.0.0.0',
      port: 3000,
      databaseUrl: undefined,
      apiKeys: undefined,
      corsOrigins: undefined,
      logLevel: 'info',
      rateLimitPerMinute: 600,
      trustProxy: false,
      shutdownGraceMs: 10000,
      externalServiceAllowlist: [],
      rocketChatUrl: undefined,
      rocketChatTimeoutMs: 1000,
    });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe', API_KEYS: 'x:admin:0123456789abcdef', RATE_LIMIT_PER_MINUTE: '-1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'TRUST_PROXY', 'API_KEYS', 'RATE_LIMIT_PER_MINUTE']) expect(problems).toContain(name);
    expect((caught as ConfigError).problems).toHaveLength(5);
  });

  it('parses API_KEYS entries and keeps colons inside keys', () => {
    const config = loadConfig({ API_KEYS: 'ops:manager:abc:def:0123456789, ro:viewer:fedcba9876543210' });
    expect(config.apiKeys).toEqual([
      { name: 'ops', role: 'manager', key: 'abc:def:0123456789' },
      { name: 'ro', role: 'viewer', key: 'fedcba9876543210' },
    ]);
  });

  it('rejects short keys and unknown roles', () => {
    expect(() => loadConfig({ API_KEYS: 'a:manager:short' })).toThrow(/shorter than 16/);
    expect(() => loadConfig({ API_KEYS: 'a:root:0123456789abcdef' })).toThrow(/roles are manager and viewer/);
  });

  it('requires API_KEYS in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SECRETS_KEY: KEY })).toThrow(/API_KEYS is required/);
  });

  it('requires SECRETS_KEY with DATABASE_URL, and checks its length', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/SECRETS_KEY is required/);
    expect(() => loadConfig({ SECRETS_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 random bytes/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', SECRETS_KEY: KEY }).secretsKey).toHaveLength(32);
  });

  it('validates URLs, origins and the allowlist', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://h/db', SECRETS_KEY: KEY })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://h' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080/' }).corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadConfig({ EXTERNAL_SERVICE_ALLOWLIST: '127.0.0.1:8080, CRM.Local:443' }).externalServiceAllowlist).toEqual(['127.0.0.1:8080', 'crm.local:443']);
    expect(() => loadConfig({ EXTERNAL_SERVICE_ALLOWLIST: 'crm.local' })).toThrow(/host:port/);
  });

  it('reads ROCKETCHAT_URL as a server URL without its trailing slash, and its timeout', () => {
    expect(loadConfig({ ROCKETCHAT_URL: 'https://chat.example.com/' }).rocketChatUrl).toBe('https://chat.example.com');
    expect(loadConfig({ ROCKETCHAT_URL: 'http://127.0.0.1:3000/rocket/', ROCKETCHAT_TIMEOUT_MS: '250' })).toMatchObject({
      rocketChatUrl: 'http://127.0.0.1:3000/rocket',
      rocketChatTimeoutMs: 250,
    });
    for (const bad of [
      'chat.example.com',
      'ftp://chat.example.com',
      'https://chat.example.com/?x=1',
      'https://user:pw@chat.example.com',
      'https://chat.example.com/#a',
    ]) {
      expect(() => loadConfig({ ROCKETCHAT_URL: bad })).toThrow(/ROCKETCHAT_URL/);
    }
    expect(() => loadConfig({ ROCKETCHAT_TIMEOUT_MS: '10' })).toThrow(/ROCKETCHAT_TIMEOUT_MS/);
  });

  it('has no country source by default', () => {
    expect(loadConfig({})).toMatchObject({ countryHeader: undefined, geoIpDb: undefined });
  });

  it('reads COUNTRY_HEADER as a lower-case header name', () => {
    expect(loadConfig({ COUNTRY_HEADER: 'CF-IPCountry' }).countryHeader).toBe('cf-ipcountry');
    expect(loadConfig({ COUNTRY_HEADER: ' X-Geo_Country ' }).countryHeader).toBe('x-geo_country');
    for (const bad of ['CF IPCountry', 'x-country:', 'x-país', '(country)', 'a/b']) {
      expect(() => loadConfig({ COUNTRY_HEADER: bad })).toThrow(/COUNTRY_HEADER must be an HTTP header name/);
    }
  });

  it('resolves GEOIP_DB to an absolute path', () => {
    expect(loadConfig({ GEOIP_DB: '/var/lib/geoip/GeoLite2-Country.mmdb' }).geoIpDb).toBe('/var/lib/geoip/GeoLite2-Country.mmdb');
    expect(loadConfig({ GEOIP_DB: 'geo/country.mmdb' }).geoIpDb).toBe(resolve('geo/country.mmdb'));
  });
});
