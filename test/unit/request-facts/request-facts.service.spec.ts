import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Reader } from 'maxmind';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/app-config';
import { ConfigModule } from '../../../src/config/config.module';
import { type FactsRequest } from '../../../src/request-facts/request-facts';
import { RequestFactsModule } from '../../../src/request-facts/request-facts.module';
import { RequestFactsService } from '../../../src/request-facts/request-facts.service';
import { writeMmdb } from '../../support/mmdb-writer';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const GB_IP = '81.2.69.160';
const SE_IP = '2001:db8::1';

describe('RequestFactsService', () => {
  let directory: string;
  let geoIpDb: string;
  let warnings: jest.SpyInstance;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'request-facts-'));
    geoIpDb = join(directory, 'country.mmdb');
    writeFileSync(geoIpDb, writeMmdb({ '81.2.69.0/24': { country: { iso_code: 'GB' } }, '2001:db8::/32': { country: { iso_code: 'SE' } } }));
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  /** The service as the app builds it, started (its GEOIP_DB opened). */
  async function startedService(env: Record<string, string>): Promise<RequestFactsService> {
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(loadConfig(env)), RequestFactsModule] }).compile();
    await moduleRef.init();
    return moduleRef.get(RequestFactsService);
  }

  /** A request that records every header and IP read, to show what a fact costs. */
  function watchedRequest(headers: Record<string, string>, ip: string): { request: FactsRequest; reads: string[] } {
    const reads: string[] = [];
    const watchedHeaders = new Proxy(headers, {
      get: (target, name: string) => {
        reads.push(name);
        return target[name];
      },
    });
    const request = {
      headers: watchedHeaders,
      get ip() {
        reads.push('ip');
        return ip;
      },
    };
    return { request, reads };
  }

  describe('laziness', () => {
    it('reads nothing until a fact is asked for, and derives each fact once per request', async () => {
      const service = await startedService({ GEOIP_DB: geoIpDb });
      const geoIpLookups = jest.spyOn(Reader.prototype, 'get');
      const { request, reads } = watchedRequest({ 'user-agent': IPHONE, 'accept-language': 'de-CH, en;q=0.5' }, GB_IP);

      const facts = service.factsOf(request);
      expect(reads).toEqual([]);
      expect(geoIpLookups).not.toHaveBeenCalled();

      expect([facts.device(), facts.device()]).toEqual(['mobile', 'mobile']);
      expect(reads).toEqual(['user-agent']);

      expect([facts.acceptLanguage(), facts.acceptLanguage()]).toEqual(['de-CH', 'de-CH']);
      expect([facts.country(), facts.country()]).toEqual(['GB', 'GB']);
      expect(reads).toEqual(['user-agent', 'accept-language', 'ip']);
      expect(geoIpLookups).toHaveBeenCalledTimes(1);
    });

    it('remembers an absent fact as well', async () => {
      const service = await startedService({});
      const { request, reads } = watchedRequest({}, GB_IP);
      const facts = service.factsOf(request);
      expect([facts.acceptLanguage(), facts.acceptLanguage(), facts.country(), facts.country()]).toEqual([undefined, undefined, undefined, undefined]);
      expect(reads).toEqual(['accept-language']); // no country source: neither a header nor the IP is read
    });

    it('gives each request its own facts', async () => {
      const service = await startedService({ GEOIP_DB: geoIpDb });
      const first = service.factsOf({ headers: { 'accept-language': 'fr' }, ip: GB_IP });
      const second = service.factsOf({ headers: { 'accept-language': 'it' }, ip: SE_IP });
      expect([first.acceptLanguage(), first.country(), second.acceptLanguage(), second.country()]).toEqual(['fr', 'GB', 'it', 'SE']);
    });
  });

  describe('device and language', () => {
    it('calls a request without a User-Agent desktop, and takes the first of repeated headers', async () => {
      const service = await startedService({});
      expect(service.factsOf({ headers: {}, ip: GB_IP }).device()).toBe('desktop');
      expect(service.factsOf({ headers: { 'user-agent': [IPHONE, 'curl/8.5.0'] }, ip: GB_IP }).device()).toBe('mobile');
    });

    it('reads a repeated Accept-Language as one list', async () => {
      const service = await startedService({});
      expect(service.factsOf({ headers: { 'accept-language': ['en;q=0.2', 'nl'] }, ip: GB_IP }).acceptLanguage()).toBe('nl');
    });
  });

  describe('country', () => {
    const franceFromProxy = { 'cf-ipcountry': 'fr' };

    it('has no source when neither COUNTRY_HEADER nor GEOIP_DB is set', async () => {
      const service = await startedService({});
      expect(service.countrySource()).toBeUndefined();
      expect(service.factsOf({ headers: franceFromProxy, ip: GB_IP }).country()).toBeUndefined();
    });

    it('looks the client IP up in GEOIP_DB', async () => {
      const service = await startedService({ GEOIP_DB: geoIpDb });
      expect(service.countrySource()).toBe('geoip');
      expect(service.factsOf({ headers: {}, ip: GB_IP }).country()).toBe('GB');
      expect(service.factsOf({ headers: {}, ip: `::ffff:${GB_IP}` }).country()).toBe('GB');
      expect(service.factsOf({ headers: {}, ip: SE_IP }).country()).toBe('SE');
      expect(service.factsOf({ headers: {}, ip: '127.0.0.1' }).country()).toBeUndefined();
    });

    it('ignores COUNTRY_HEADER without TRUST_PROXY, and says so at startup', async () => {
      const service = await startedService({ COUNTRY_HEADER: 'CF-IPCountry', GEOIP_DB: geoIpDb });
      expect(warnings).toHaveBeenCalledWith(expect.stringContaining('COUNTRY_HEADER is ignored without TRUST_PROXY'));
      expect(service.countrySource()).toBe('geoip');
      expect(service.factsOf({ headers: franceFromProxy, ip: GB_IP }).country()).toBe('GB');

      const withoutGeoIp = await startedService({ COUNTRY_HEADER: 'CF-IPCountry' });
      expect(withoutGeoIp.countrySource()).toBeUndefined();
      expect(withoutGeoIp.factsOf({ headers: franceFromProxy, ip: GB_IP }).country()).toBeUndefined();
    });

    it('prefers the trusted header to GEOIP_DB, and falls back when the header is missing or unknown', async () => {
      const service = await startedService({ TRUST_PROXY: 'true', COUNTRY_HEADER: 'CF-IPCountry', GEOIP_DB: geoIpDb });
      expect(warnings).not.toHaveBeenCalled();
      expect(service.countrySource()).toBe('header+geoip');
      expect(service.factsOf({ headers: franceFromProxy, ip: GB_IP }).country()).toBe('FR');
      expect(service.factsOf({ headers: {}, ip: GB_IP }).country()).toBe('GB');
      expect(service.factsOf({ headers: { 'cf-ipcountry': 'XX' }, ip: SE_IP }).country()).toBe('SE');
    });

    it('reads only the header when GEOIP_DB is not set', async () => {
      const service = await startedService({ TRUST_PROXY: 'true', COUNTRY_HEADER: 'X-Country' });
      expect(service.countrySource()).toBe('header');
      expect(service.factsOf({ headers: { 'x-country': 'de' }, ip: GB_IP }).country()).toBe('DE');
      expect(service.factsOf({ headers: { 'x-country': 'T1' }, ip: GB_IP }).country()).toBeUndefined();
      expect(service.factsOf({ headers: {}, ip: GB_IP }).country()).toBeUndefined();
    });
  });

  describe('GEOIP_DB that cannot be read', () => {
    it('fails startup for a missing file, naming GEOIP_DB', async () => {
      const failure: unknown = await startedService({ GEOIP_DB: join(directory, 'missing.mmdb') }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).message).toMatch(/GEOIP_DB ".*missing\.mmdb" cannot be read as a MaxMind database: ENOENT/);
    });

    it('fails startup for a file that is not a MaxMind database', async () => {
      const notADatabase = join(directory, 'not-a-database.mmdb');
      writeFileSync(notADatabase, 'country,ip\nGB,81.2.69.160\n');
      await expect(startedService({ GEOIP_DB: notADatabase })).rejects.toThrow(/GEOIP_DB ".*not-a-database\.mmdb" cannot be read as a MaxMind database/);
    });
  });
});
