import type { TriggerRecord, TriggerWarning } from './trigger.types';

/** The native JSON shape of a trigger (DESIGN §2): what every trigger route answers, timestamps in ISO 8601. */
export type TriggerView = Omit<TriggerRecord, 'createdAt' | 'updatedAt' | 'activeFrom' | 'activeUntil'> & {
  readonly activeFrom: string | null;
  readonly activeUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/** A create or update answer: the trigger itself, plus `warnings` when there are any. */
export type TriggerWriteView = TriggerView & { readonly warnings?: readonly TriggerWarning[] };

export function toTriggerView(record: TriggerRecord): TriggerView {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    enabled: record.enabled,
    runOnce: record.runOnce,
    priority: record.priority,
    match: record.match,
    conditions: record.conditions,
    actions: record.actions,
    activeFrom: record.activeFrom?.toISOString() ?? null,
    activeUntil: record.activeUntil?.toISOString() ?? null,
    frequency: record.frequency,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function toTriggerWriteView(record: TriggerRecord, warnings: readonly TriggerWarning[]): TriggerWriteView {
  const view = toTriggerView(record);
  if (warnings.length === 0) return view;
  return { ...view, warnings };
}
