import { pageRequest, type PageRequest } from '../../common/pagination/page';

/** Fields the trigger list sorts by; `-field` sorts descending. */
export const SORT_FIELDS = ['name', 'priority', 'createdAt', 'updatedAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const SORT_VALUES: readonly string[] = SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

/** The longest `q` (name contains) the list accepts. */
export const MAX_NAME_QUERY_LENGTH = 200;

export interface TriggerSort {
  readonly field: SortField;
  readonly descending: boolean;
}

/** One page of the list, as the repository reads it. */
export interface TriggerListQuery extends PageRequest {
  readonly sort: TriggerSort;
  readonly enabled?: boolean;
  /** Case-insensitive "name contains"; empty means no filter. */
  readonly nameContains?: string;
  /** Only triggers whose rules name this department (lower case). */
  readonly departmentId?: string;
  /** Only triggers with a `schedule` rule naming this schedule (lower case). */
  readonly scheduleId?: string;
}

export interface TriggerListParams {
  readonly limit?: number;
  readonly offset?: number;
  readonly sort?: string;
  readonly enabled?: boolean;
  readonly q?: string;
  readonly departmentId?: string;
  readonly scheduleId?: string;
}

/** `-priority` → priority descending; the value was checked against {@link SORT_VALUES}. */
export function parseSort(value: string): TriggerSort {
  const descending = value.startsWith('-');
  return { field: (descending ? value.slice(1) : value) as SortField, descending };
}

export function toListQuery(params: TriggerListParams): TriggerListQuery {
  return {
    ...pageRequest(params),
    sort: parseSort(params.sort ?? 'name'),
    enabled: params.enabled,
    nameContains: params.q ? params.q : undefined,
    departmentId: params.departmentId?.toLowerCase(),
    scheduleId: params.scheduleId?.toLowerCase(),
  };
}
