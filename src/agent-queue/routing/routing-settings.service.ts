import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../../database/change-feed';
import { SettingsRepository } from '../../settings/settings.repository';
import { replacing } from '../../settings/stored-settings';
import { DEFAULT_ROUTING_SETTINGS, normalizeRoutingSettings, RoutingSettings } from './routing-settings';

const SETTINGS_KEY = 'routing';

/**
 * The routing settings, stored in PostgreSQL so every instance routes alike. A change is
 * announced like an agent's: away agents counting or the bubble hiding changes availability.
 */
@Injectable()
export class RoutingSettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly changes: ChangeFeed,
  ) {}

  async read(): Promise<RoutingSettings> {
    return normalizeRoutingSettings(await this.settings.read(SETTINGS_KEY));
  }

  /** `PUT` replaces: omitted fields take their defaults. */
  async replace(given: Partial<RoutingSettings>): Promise<RoutingSettings> {
    const next = replacing(DEFAULT_ROUTING_SETTINGS, given);
    await this.changes.writeAndAnnounce('agent_changes', '', (tx) => this.settings.write(SETTINGS_KEY, next, tx));
    return next;
  }
}
