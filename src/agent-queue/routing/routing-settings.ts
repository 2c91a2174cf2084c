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
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = Object.freeze({
  method: 'round-robin',
  includeAwayAgents: false,
  fireWithoutAgent: false,
  fallbackSenderName: 'Support',
});

export const FALLBACK_SENDER_NAME_MAX = 100;

/**
 * Reads a stored settings document defensively: a field that is missing or no longer valid
 * (written by an older version) takes its default instead of breaking routing.
 */
export function normalizeRoutingSettings(stored: unknown): RoutingSettings {
  const doc = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const pick = <K extends keyof RoutingSettings>(key: K, valid: (v: unknown) => boolean): RoutingSettings[K] =>
    (valid(doc[key]) ? doc[key] : DEFAULT_ROUTING_SETTINGS[key]) as RoutingSettings[K];
  return {
    method: pick('method', (v) => (ROUTING_METHODS as readonly unknown[]).includes(v)),
    includeAwayAgents: pick('includeAwayAgents', (v) => typeof v === 'boolean'),
    fireWithoutAgent: pick('fireWithoutAgent', (v) => typeof v === 'boolean'),
    fallbackSenderName: pick('fallbackSenderName', (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= FALLBACK_SENDER_NAME_MAX),
  };
}
