import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { request } from 'undici';
import { readCapped } from '../common/http/read-capped';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/config.module';

/** The byte cap on Rocket.Chat's config answer. */
export const MAX_UPSTREAM_CONFIG_BYTES = 1024 * 1024;
/** Each `(department, businessUnit)` is asked at most once a second per instance. */
const HELD_FOR_MS = 1_000;
const MAX_HELD_KEYS = 1_000;
const USER_AGENT = 'livechat-triggers (rocketchat-config)';

/** What Rocket.Chat's config is asked for: never the visitor's token. */
export interface UpstreamConfigQuery {
  readonly department?: string;
  readonly businessUnit?: string;
}

/** Rocket.Chat's `config` object, as far as it was checked: the rest is passed on as it came. */
export type UpstreamConfig = Readonly<Record<string, unknown>> & { readonly enabled: boolean };

/** A fetch, failed or not: failures are held too, so a dead upstream costs one timeout a second, not one per widget. */
interface Fetched {
  readonly config?: UpstreamConfig;
}

/**
 * Rocket.Chat's own `GET /api/v1/livechat/config` when `ROCKETCHAT_URL` is set (DESIGN §7.2):
 * fetched with undici, one deadline (`ROCKETCHAT_TIMEOUT_MS`) for connect, headers and body,
 * at most 1 MiB, held a second per `(department, businessUnit)` with concurrent asks sharing
 * one fetch. The operator configured the URL, so its host is trusted (no address guard, unlike
 * trigger services). Any failure, or an answer that is not Rocket.Chat's shape, is logged
 * and answered `undefined`: the caller answers locally.
 */
@Injectable()
export class RocketChatUpstream {
  private readonly logger = new Logger('RocketChatUpstream');
  private readonly held = new LRUCache<string, Fetched>({
    max: MAX_HELD_KEYS,
    ttl: HELD_FOR_MS,
    fetchMethod: (key) => this.fetch(JSON.parse(key) as UpstreamConfigQuery),
  });

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.rocketChatUrl !== undefined;
  }

  /** Rocket.Chat's config for this query, or `undefined` when it is not configured or failed. */
  async widgetConfig(query: UpstreamConfigQuery): Promise<UpstreamConfig | undefined> {
    if (!this.configured) return undefined;
    const key = JSON.stringify({ department: query.department || undefined, businessUnit: query.businessUnit || undefined });
    return (await this.held.fetch(key))?.config;
  }

  private async fetch(query: UpstreamConfigQuery): Promise<Fetched> {
    const url = new URL(`${this.config.rocketChatUrl}/api/v1/livechat/config`);
    if (query.department) url.searchParams.set('department', query.department);
    if (query.businessUnit) url.searchParams.set('businessUnit', query.businessUnit);
    const timeoutMs = this.config.rocketChatTimeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      // undici follows no redirect unless told to
      const response = await request(url, {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': USER_AGENT },
        signal: deadline,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await readCapped(response.body, response.headers['content-length'], MAX_UPSTREAM_CONFIG_BYTES);
      if (response.statusCode !== 200) return this.failed(`answered HTTP ${response.statusCode}`);
      if (body === 'too-large') return this.failed(`answered more than ${MAX_UPSTREAM_CONFIG_BYTES} bytes`);
      const config = rocketChatConfigOf(body);
      return config ? { config } : this.failed("answered something that is not Rocket.Chat's config");
    } catch (error) {
      return this.failed(deadline.aborted ? `did not answer within ${timeoutMs} ms` : `failed (${(error as Error).message})`);
    }
  }

  private failed(reason: string): Fetched {
    // the origin only, never a query
    this.logger.warn(`Rocket.Chat's config at ${new URL(this.config.rocketChatUrl!).origin} ${reason}: answering with the local config`);
    return {};
  }
}

/** `{success: true, config: {enabled, …}}`, with the objects Rocket.Chat's widget reads when enabled. */
export function rocketChatConfigOf(body: Buffer): UpstreamConfig | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed.success !== true || !isObject(parsed.config)) return undefined;
  const config = parsed.config;
  if (typeof config.enabled !== 'boolean') return undefined;
  if (config.enabled && !['settings', 'theme', 'messages'].every((key) => isObject(config[key]))) return undefined;
  return config as UpstreamConfig;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
