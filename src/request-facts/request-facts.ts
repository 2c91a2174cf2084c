import { firstAcceptLanguage } from './accept-language';
import { countryFromHeader, type GeoIpCountries } from './country';
import { type DeviceClass, deviceClassOf } from './device-class';

/** What the facts are read from: a Fastify request has this shape. */
export interface FactsRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The client IP (behind a proxy, Fastify derives it from `X-Forwarded-For` when `TRUST_PROXY` is on). */
  readonly ip: string;
}

/**
 * The facts of one request that targeting rules test (DESIGN §11). Each is derived the first
 * time it is asked for and then kept, so a request whose rules need none of them pays nothing.
 */
export interface RequestFacts {
  /** From `User-Agent`: anything the parser cannot classify is `desktop`. */
  device(): DeviceClass;
  /** ISO 3166-1 alpha-2, upper case; `undefined` when unknown or no source is configured. */
  country(): string | undefined;
  /** The preferred tag of `Accept-Language`, the last resort for the visitor's language. */
  acceptLanguage(): string | undefined;
}

/** Where a country comes from, in order of preference. */
export interface CountrySources {
  /** A header set by a trusted proxy (only when `TRUST_PROXY` is on). */
  readonly header?: string;
  readonly geoIp?: GeoIpCountries;
}

const NOT_YET = Symbol('not derived yet');
type Lazy<T> = T | typeof NOT_YET;

/** {@link RequestFacts} of one request, each derived on first use. */
export class LazyRequestFacts implements RequestFacts {
  private deviceClass: Lazy<DeviceClass> = NOT_YET;
  private countryCode: Lazy<string | undefined> = NOT_YET;
  private language: Lazy<string | undefined> = NOT_YET;

  constructor(
    private readonly request: FactsRequest,
    private readonly countrySources: CountrySources,
  ) {}

  device(): DeviceClass {
    if (this.deviceClass === NOT_YET) this.deviceClass = deviceClassOf(firstValue(this.request.headers['user-agent']));
    return this.deviceClass;
  }

  country(): string | undefined {
    if (this.countryCode === NOT_YET) this.countryCode = this.deriveCountry();
    return this.countryCode;
  }

  acceptLanguage(): string | undefined {
    // a repeated header is one list (RFC 9110 §5.3)
    if (this.language === NOT_YET) this.language = firstAcceptLanguage(joined(this.request.headers['accept-language']));
    return this.language;
  }

  /** The trusted header's country, else the GeoIP country of the client IP (an `XX` header falls through too). */
  private deriveCountry(): string | undefined {
    const { header, geoIp } = this.countrySources;
    const fromHeader = header === undefined ? undefined : countryFromHeader(this.request.headers[header]);
    return fromHeader ?? geoIp?.lookup(this.request.ip);
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
