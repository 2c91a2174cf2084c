import { resolve } from 'node:path';
import { type ApiKey, parseApiKeys } from './api-keys-variable';
import { ConfigError, EnvReader } from './env-reader';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Every setting the service reads from its environment, validated once at boot.
 * `process.env` is read nowhere else: `main.ts` hands it to {@link loadConfig}.
 */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  /** PostgreSQL server; `undefined` selects the embedded PGlite database under `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  /** Keys from `API_KEYS`; `undefined` when unset (a generated key is used outside production). */
  readonly apiKeys?: readonly ApiKey[];
  /** `undefined`: any origin (`*`). */
  readonly corsOrigins?: readonly string[];
  readonly logLevel: LogLevel;
  /** 32-byte AES key from `SECRETS_KEY` (base64). */
  readonly secretsKey?: Buffer;
  /** Exact lowercase `host:port` pairs an external service may use even when private. */
  readonly externalServiceAllowlist: readonly string[];
  /** Requests per minute per client IP on widget routes; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  readonly trustProxy: boolean;
  /** Lower-case name of a header a trusted proxy sets to the client's country (`cf-ipcountry`); read only with `trustProxy`. */
  readonly countryHeader?: string;
  /** Absolute path of a MaxMind country database (`.mmdb`) the client IP is looked up in. */
  readonly geoIpDb?: string;
  /** Shared state (rate limits, circuit breakers) across instances; `undefined`: per instance. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key this service writes (instances that share state share it). */
  readonly redisKeyPrefix: string;
  readonly shutdownGraceMs: number;
  /** A visit ends after this many seconds without events (DESIGN §3, §16): a tuning and test knob. */
  readonly visitIdleSeconds: number;
  /** The live stream (DESIGN §12, §16): open streams per instance and per client IP, the heartbeat, and the unsent output at which a stream is dropped. */
  readonly stream: {
    readonly maxConnections: number;
    readonly maxPerIp: number;
    readonly heartbeatSeconds: number;
    readonly maxBufferedBytes: number;
  };
  /**
   * Rocket.Chat's own server: the compatible `/api/v1/livechat/config` is then its answer with
   * our triggers, `online` and `guest` in it (DESIGN §7.2); `undefined`: answered locally.
   */
  readonly rocketChatUrl?: string;
  /** One deadline for the upstream config, in ms. */
  readonly rocketChatTimeoutMs: number;
  readonly db: {
    readonly poolMax: number;
    readonly connectTimeoutMs: number;
    readonly queryTimeoutMs: number;
  };
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

/**
 * Builds the configuration from an environment map, reporting every bad variable in one
 * {@link ConfigError} rather than stopping at the first.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const config: AppConfig = {
    nodeEnv,
    host: read.string('HOST', '0.0.0.0'),
    port: read.integer('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: resolve(read.string('DATA_DIR', './.data')),
    apiKeys: read.custom('API_KEYS', parseApiKeys),
    corsOrigins: read.custom('CORS_ORIGINS', parseOrigins),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    secretsKey: read.custom('SECRETS_KEY', parseSecretsKey),
    externalServiceAllowlist: read.custom('EXTERNAL_SERVICE_ALLOWLIST', parseHostPorts) ?? [],
    rateLimitPerMinute: read.integer('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    trustProxy: read.boolean('TRUST_PROXY', false),
    countryHeader: read.custom('COUNTRY_HEADER', parseHeaderName),
    geoIpDb: read.custom('GEOIP_DB', (raw) => resolve(raw)),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: read.string('REDIS_KEY_PREFIX', 'livechat-triggers:'),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    visitIdleSeconds: read.integer('VISIT_IDLE_SECONDS', 1800, 1, 86_400),
    stream: {
      maxConnections: read.integer('SSE_MAX_CONNECTIONS', 10_000, 0, 1_000_000),
      maxPerIp: read.integer('SSE_MAX_PER_IP', 20, 0, 1_000_000),
      heartbeatSeconds: read.integer('SSE_HEARTBEAT_SECONDS', 25, 1, 3600),
      maxBufferedBytes: read.integer('SSE_MAX_BUFFERED_BYTES', 262_144, 1024, 67_108_864),
    },
    rocketChatUrl: read.custom('ROCKETCHAT_URL', parseServerUrl),
    rocketChatTimeoutMs: read.integer('ROCKETCHAT_TIMEOUT_MS', 1000, 50, 30_000),
    db: {
      poolMax: read.integer('DB_POOL_MAX', 10, 1, 100),
      connectTimeoutMs: read.integer('DB_CONNECT_TIMEOUT_MS', 2000, 100, 60_000),
      queryTimeoutMs: read.integer('DB_QUERY_TIMEOUT_MS', 2500, 100, 600_000),
    },
  };
  if (nodeEnv === 'production' && config.apiKeys === undefined) {
    read.fail('API_KEYS', 'is required when NODE_ENV=production');
  }
  if ((nodeEnv === 'production' || databaseUrl !== undefined) && config.secretsKey === undefined) {
    read.fail('SECRETS_KEY', 'is required with DATABASE_URL or NODE_ENV=production, so that every instance shares it');
  }
  read.throwIfAnyFailed();
  return config;
}

function parseOrigins(raw: string): string[] {
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new Error(`"${origin}" is not an origin such as https://example.com`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
      throw new Error(`"${origin}" is not an origin such as https://example.com (scheme, host and port only)`);
    }
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}

/** An http(s) server URL without query or fragment, kept without its trailing slash. */
function parseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be an http:// or https:// URL such as https://chat.example.com');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new Error('must be an http:// or https:// URL without credentials, query or fragment, such as https://chat.example.com');
  }
  return url.href.replace(/\/+$/, '');
}

/** An HTTP field name (RFC 9110 `token`), kept lower-case as Node hands request headers over. */
function parseHeaderName(raw: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(raw)) throw new Error(`must be an HTTP header name such as CF-IPCountry (got "${raw}")`);
  return raw.toLowerCase();
}

function parseSecretsKey(raw: string): Buffer {
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(raw.trim())) {
    throw new Error('must be 32 random bytes in base64 (for example: openssl rand -base64 32)');
  }
  return key;
}

function parseHostPorts(raw: string): string[] {
  const entries = raw
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of entries) {
    const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d{1,5})$/.exec(entry);
    if (!match || Number(match[2]) > 65535) throw new Error(`"${entry}" is not host:port`);
  }
  return entries;
}

export { ConfigError };
