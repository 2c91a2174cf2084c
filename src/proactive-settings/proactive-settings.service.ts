import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../database/change-feed';
import { SettingsRepository } from '../settings/settings.repository';
import { replacing } from '../settings/stored-settings';
import { DEFAULT_PROACTIVE_SETTINGS, normalizeProactiveSettings, PROACTIVE_SETTINGS_KEY, type ProactiveSettings } from './proactive-settings';

/**
 * The proactive budget's settings, stored in PostgreSQL. Events read them from the trigger
 * snapshot, which holds them beside the triggers: a change is announced like a trigger's.
 */
@Injectable()
export class ProactiveSettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly changes: ChangeFeed,
  ) {}

  async read(): Promise<ProactiveSettings> {
    return normalizeProactiveSettings(await this.settings.read(PROACTIVE_SETTINGS_KEY));
  }

  /** `PUT` replaces: omitted fields are null (no limit). */
  async replace(given: Partial<ProactiveSettings>): Promise<ProactiveSettings> {
    const next = replacing(DEFAULT_PROACTIVE_SETTINGS, given);
    await this.changes.writeAndAnnounce('trigger_changes', '', (tx) => this.settings.write(PROACTIVE_SETTINGS_KEY, next, tx));
    return next;
  }
}
