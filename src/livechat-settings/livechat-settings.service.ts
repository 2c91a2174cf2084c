import { Injectable } from '@nestjs/common';
import { SettingsRepository } from '../settings/settings.repository';
import { replacing } from '../settings/stored-settings';
import { canonicalLanguageTag, DEFAULT_LIVECHAT_SETTINGS, type LivechatSettings, normalizeLivechatSettings } from './livechat-settings';

const SETTINGS_KEY = 'livechat';
/** Read at most once a second per instance, as Rocket.Chat caches its own widget settings. */
const HELD_FOR_MS = 1_000;

/**
 * The widget settings, stored in PostgreSQL. The compatible config reads them on every
 * widget load, so each instance holds them for a second: a change made on this instance
 * shows at once, one made on another within a second.
 */
@Injectable()
export class LivechatSettingsService {
  private held?: { readonly settings: Promise<LivechatSettings>; readonly until: number };

  constructor(private readonly settings: SettingsRepository) {}

  read(): Promise<LivechatSettings> {
    const now = Date.now();
    if (!this.held || this.held.until <= now) {
      const settings = this.settings.read(SETTINGS_KEY).then(normalizeLivechatSettings);
      // a failed read is not held: the next request tries again
      settings.catch(() => {
        if (this.held?.settings === settings) this.held = undefined;
      });
      this.held = { settings, until: now + HELD_FOR_MS };
    }
    return this.held.settings;
  }

  /** `PUT` replaces: omitted fields take their defaults. */
  async replace(given: Partial<LivechatSettings>): Promise<LivechatSettings> {
    const next = replacing(DEFAULT_LIVECHAT_SETTINGS, { ...given, language: given.language && (canonicalLanguageTag(given.language) ?? null) });
    await this.settings.write(SETTINGS_KEY, next);
    this.held = undefined;
    return next;
  }
}
