import { Injectable } from '@nestjs/common';
import { type PreparedStatement, Sql, type SqlRunner } from '../database/sql';

/** Prepared: routing reads its settings on every pick, the Rocket.Chat config on every widget load. */
const READ: PreparedStatement = { name: 'settings_read', text: 'SELECT value FROM settings WHERE key = $1' };

/** Stored settings, one JSON document per key. Features own their key and its shape. */
@Injectable()
export class SettingsRepository {
  constructor(private readonly sql: Sql) {}

  async read<T>(key: string): Promise<T | undefined> {
    const [row] = await this.sql.query<{ value: T }>(READ, [key]);
    return row?.value;
  }

  /** Stores `value` under `key`, in the caller's transaction when given one. */
  async write<T>(key: string, value: T, runner: SqlRunner = this.sql): Promise<void> {
    await runner.execute(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
