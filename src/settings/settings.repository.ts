import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';

/** Stored settings, one JSON document per key. Features own their key and its shape. */
@Injectable()
export class SettingsRepository {
  constructor(private readonly sql: Sql) {}

  async read<T>(key: string): Promise<T | undefined> {
    const [row] = await this.sql.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
    return row?.value;
  }

  async write<T>(key: string, value: T): Promise<void> {
    await this.sql.execute(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
