import { withDefaults } from '../settings/stored-settings';

/**
 * The settings of Rocket.Chat's widget that this service answers in the compatible
 * `/api/v1/livechat/config` (DESIGN §7.2). They change nothing else: the native widget and
 * evaluation do not read them.
 */
export interface LivechatSettings {
  /** `false`: the compatible config answers `{config: {enabled: false}}` and the widget stays hidden. */
  readonly enabled: boolean;
  readonly title: string;
  /** `#RRGGBB`. */
  readonly color: string;
  /** Ask a visitor for name and email before the chat. */
  readonly registrationForm: boolean;
  /** Offer the "leave a message" form when nobody is online. */
  readonly offlineForm: boolean;
  /** A BCP 47 tag for the widget's language; `null`: the visitor's browser decides. */
  readonly language: string | null;
}

export const DEFAULT_LIVECHAT_SETTINGS: LivechatSettings = Object.freeze({
  enabled: true,
  title: 'Rocket.Chat',
  color: '#C1272D',
  registrationForm: true,
  offlineForm: true,
  language: null,
});

export const TITLE_MAX = 100;
export const COLOR_PATTERN = /^#[0-9A-Fa-f]{6}$/;

/** The canonical form of a BCP 47 tag (`pt-br` → `pt-BR`), or `undefined` when it is not one. */
export function canonicalLanguageTag(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical;
  } catch {
    return undefined;
  }
}

/** A stored document, each field that is missing or no longer valid at its default. */
export function normalizeLivechatSettings(stored: unknown): LivechatSettings {
  const isBoolean = (v: unknown) => typeof v === 'boolean';
  return withDefaults(stored, DEFAULT_LIVECHAT_SETTINGS, {
    enabled: isBoolean,
    title: (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= TITLE_MAX,
    color: (v) => typeof v === 'string' && COLOR_PATTERN.test(v),
    registrationForm: isBoolean,
    offlineForm: isBoolean,
    language: (v) => v === null || (typeof v === 'string' && canonicalLanguageTag(v) === v),
  });
}
