/** Every bound of the trigger model (DESIGN §2), shared by the DTOs, the docs and the tests. */
export const TRIGGER_LIMITS = {
  nameMaxLength: 200,
  descriptionMaxLength: 2000,
  priorityMin: 0,
  priorityMax: 1000,
  conditionsMin: 1,
  conditionsMax: 10,
  actionsMin: 1,
  actionsMax: 5,
  msgMaxLength: 5000,
  senderNameMaxLength: 100,
  serviceUrlMaxLength: 2048,
  serviceTimeoutMin: 100,
  serviceTimeoutMax: 30_000,
  serviceFallbackMessageMaxLength: 5000,
} as const;

/** What an omitted optional field becomes (on create and on replace). */
export const TRIGGER_DEFAULTS = {
  description: '',
  enabled: true,
  runOnce: false,
  priority: 100,
  match: 'all',
  sender: 'queue',
  serviceTimeout: 5000,
  serviceFallbackMessage: '',
} as const;
