import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import maxmind, { type CountryResponse, type Reader } from 'maxmind';
import { type AppConfig, ConfigError } from '../config/app-config';
import { InjectConfig } from '../config/config.module';
import { GeoIpCountries } from './country';
import { type CountrySources, type FactsRequest, LazyRequestFacts, type RequestFacts } from './request-facts';

/** Which sources can tell a request's country; `undefined`: none is configured, so it is always absent. */
export type CountrySource = 'header' | 'geoip' | 'header+geoip';

/**
 * Derives the request facts targeting rules test (device, country, `Accept-Language`;
 * DESIGN §11, §16). The country comes from the `COUNTRY_HEADER` header, read only when
 * `TRUST_PROXY` is on (a client can send any header), else from the client IP in the MaxMind
 * database at `GEOIP_DB`, which is read whole at startup and never reloaded.
 */
@Injectable()
export class RequestFactsService implements OnModuleInit {
  private readonly logger = new Logger('RequestFacts');
  private countrySources: CountrySources = {};

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  /** Opens `GEOIP_DB`: a file that is missing or not a MaxMind database stops the startup. */
  async onModuleInit(): Promise<void> {
    const { countryHeader, trustProxy, geoIpDb } = this.config;
    if (countryHeader !== undefined && !trustProxy) {
      this.logger.warn('COUNTRY_HEADER is ignored without TRUST_PROXY: a client could send any country');
    }
    const header = trustProxy ? countryHeader : undefined;
    const geoIp = geoIpDb === undefined ? undefined : new GeoIpCountries(await this.openGeoIpDb(geoIpDb));
    this.countrySources = { header, geoIp };
  }

  countrySource(): CountrySource | undefined {
    const { header, geoIp } = this.countrySources;
    if (header !== undefined) return geoIp ? 'header+geoip' : 'header';
    return geoIp ? 'geoip' : undefined;
  }

  /** The facts of `request`, each derived only when asked for (the events route calls this for every event). */
  factsOf(request: FactsRequest): RequestFacts {
    return new LazyRequestFacts(request, this.countrySources);
  }

  private async openGeoIpDb(path: string): Promise<Reader<CountryResponse>> {
    let reader: Reader<CountryResponse>;
    try {
      reader = await maxmind.open<CountryResponse>(path, { watchForUpdates: false });
    } catch (error) {
      throw new ConfigError([`GEOIP_DB "${path}" cannot be read as a MaxMind database: ${(error as Error).message}`]);
    }
    this.logger.log(`GEOIP_DB: ${reader.metadata.databaseType} (${path})`);
    return reader;
  }
}
