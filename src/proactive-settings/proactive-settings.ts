import { MAX_BUDGET_COUNT, MAX_LIMIT_SECONDS, NO_BUDGET, type ProactiveBudget } from '../evaluation/limits';
import { withDefaults } from '../settings/stored-settings';

/** The proactive budget (DESIGN §14) as stored: every field a non-negative integer or null (no limit, the default). */
export type ProactiveSettings = ProactiveBudget;

export const DEFAULT_PROACTIVE_SETTINGS: ProactiveSettings = NO_BUDGET;
export const PROACTIVE_SETTINGS_KEY = 'proactive';

export const PROACTIVE_LIMITS = {
  maxPerVisit: MAX_BUDGET_COUNT,
  maxPerDay: MAX_BUDGET_COUNT,
  minGapSeconds: MAX_LIMIT_SECONDS,
  snoozeAfterDismissSeconds: MAX_LIMIT_SECONDS,
} as const;

const upTo = (max: number) => (value: unknown) => value === null || (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max);

/** A stored document, each field that is missing or no longer valid at its default. */
export function normalizeProactiveSettings(stored: unknown): ProactiveSettings {
  return withDefaults(stored, DEFAULT_PROACTIVE_SETTINGS, {
    maxPerVisit: upTo(PROACTIVE_LIMITS.maxPerVisit),
    maxPerDay: upTo(PROACTIVE_LIMITS.maxPerDay),
    minGapSeconds: upTo(PROACTIVE_LIMITS.minGapSeconds),
    snoozeAfterDismissSeconds: upTo(PROACTIVE_LIMITS.snoozeAfterDismissSeconds),
  });
}
