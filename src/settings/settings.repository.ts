import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SettingEntity } from './setting.entity';

/** Stored settings, one JSON document per key. Features own their key and its shape. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectRepository(SettingEntity) private readonly rows: Repository<SettingEntity>) {}

  async read<T>(key: string): Promise<T | undefined> {
    const row = await this.rows.findOneBy({ key });
    return row ? (row.value as T) : undefined;
  }

  async write<T>(key: string, value: T): Promise<void> {
    await this.rows.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
