import { withDefaults } from '../../settings/stored-settings';

/** The routing settings (DESIGN §4, §10) and how a stored document is read back. */
export const ROUTING_METHODS = ['round-robin', 'least-assigned'] as const;
export type RoutingMethod = (typeof ROUTING_METHODS)[number];

export interface RoutingSettings {
  readonly method: RoutingMethod;
  /** Away agents are routed too. */
  readonly includeAwayAgents: boolean;
  /** With no agent available, queue senders still deliver, as `fallbackSenderName`. */
  readonly fireWithoutAgent: boolean;
  readonly fallbackSenderName: string;
  /** The widget hides its chat bubble while nobody is available (DESIGN §12). */
  readonly hideWhenOffline: boolean;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = Object.freeze({
  method: 'round-robin',
  includeAwayAgents: false,
  fireWithoutAgent: false,
  fallbackSenderName: 'Support',
  hideWhenOffline: false,
});

export const FALLBACK_SENDER_NAME_MAX = 100;

/** A stored routing settings document, each field that is missing or no longer valid at its default. */
export function normalizeRoutingSettings(stored: unknown): RoutingSettings {
  return withDefaults(stored, DEFAULT_ROUTING_SETTINGS, {
    method: (v) => (ROUTING_METHODS as readonly unknown[]).includes(v),
    includeAwayAgents: (v) => typeof v === 'boolean',
    fireWithoutAgent: (v) => typeof v === 'boolean',
    fallbackSenderName: (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= FALLBACK_SENDER_NAME_MAX,
    hideWhenOffline: (v) => typeof v === 'boolean',
  });
}
