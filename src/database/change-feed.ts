import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/config.module';
import { Sql, type SqlRunner } from './sql';

/** Triggers; visitors; who may take a chat (agents, departments, memberships, routing settings). */
export type ChangeChannel = 'trigger_changes' | 'visitor_changes' | 'agent_changes';
export const CHANGE_CHANNELS: readonly ChangeChannel[] = ['trigger_changes', 'visitor_changes', 'agent_changes'];

export type ChangeHandler = (payload: string) => void;

interface Queryable {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

const RECONNECT_DELAY_MS = 1000;
const SEPARATOR = '|';

/**
 * Tells every instance that something changed. A publisher's own instance hears it at once,
 * in-process; other instances hear it through PostgreSQL `NOTIFY` on a dedicated `LISTEN`
 * connection. That connection reconnects when it drops, and then every subscriber is told
 * to reload everything (`onResync`), since notifications sent meanwhile were lost. The
 * embedded database serves one instance: there it is in-process only.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeFeed');
  private readonly local = new EventEmitter().setMaxListeners(50);
  private readonly instanceId = randomUUID();
  private client?: Client;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly sql: Sql,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.databaseUrl) return;
    await this.connectListener().catch((error: Error) => {
      this.logger.warn(`listener not connected yet (${error.message}); retrying`);
      this.scheduleReconnect();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
  }

  subscribe(channel: ChangeChannel, handler: ChangeHandler): void {
    this.local.on(channel, handler);
  }

  /** Called after a reconnect of the listener: everything may have changed. */
  onResync(handler: () => void): void {
    this.local.on('resync', handler);
  }

  /** Queues a NOTIFY on the caller's transaction, so it is sent exactly when that commits (server mode only). */
  async notifyIn(tx: Queryable, channel: ChangeChannel, payload: string): Promise<void> {
    if (this.config.databaseUrl) await tx.query('SELECT pg_notify($1, $2)', [channel, `${this.instanceId}${SEPARATOR}${payload}`]);
  }

  /** Tells the other instances about a write that committed already (server mode only; this instance knows it). */
  async notifyOthers(channel: ChangeChannel, payload: string): Promise<void> {
    if (this.config.databaseUrl) await this.sql.execute('SELECT pg_notify($1, $2)', [channel, `${this.instanceId}${SEPARATOR}${payload}`]);
  }

  /** Tells this instance's subscribers at once (after the write committed). */
  announceLocally(channel: ChangeChannel, payload: string): void {
    this.local.emit(channel, payload);
  }

  /**
   * Runs `write` in one transaction and announces it: to other instances by a NOTIFY in the
   * same transaction, to this one as soon as it committed. A transaction in embedded mode
   * too: a write may read under a lock first (FOR UPDATE).
   */
  async writeAndAnnounce<T>(channels: ChangeChannel | readonly ChangeChannel[], payload: string, write: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const announced = typeof channels === 'string' ? [channels] : channels;
    const value = await this.sql.transaction(async (tx) => {
      const written = await write(tx);
      for (const channel of announced) await this.notifyIn(tx, channel, payload);
      return written;
    });
    for (const channel of announced) this.announceLocally(channel, payload);
    return value;
  }

  private async connectListener(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: this.config.db.connectTimeoutMs,
      keepAlive: true,
      application_name: 'livechat-triggers-listener',
    });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.logger.warn(`listener connection lost: ${why}`);
      this.scheduleReconnect();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('ended'));
    client.on('notification', ({ channel, payload }) => {
      const [origin, ...rest] = (payload ?? '').split(SEPARATOR);
      if (origin === this.instanceId) return; // already announced locally
      this.local.emit(channel, rest.join(SEPARATOR));
    });
    try {
      await client.connect();
      for (const channel of CHANGE_CHANNELS) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const old = this.client;
    this.client = undefined;
    old?.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connectListener().then(
        () => {
          this.logger.log('listener reconnected; reloading caches');
          this.local.emit('resync');
        },
        (error: Error) => {
          this.logger.warn(`listener reconnect failed: ${error.message}`);
          this.scheduleReconnect();
        },
      );
    }, RECONNECT_DELAY_MS);
  }
}
