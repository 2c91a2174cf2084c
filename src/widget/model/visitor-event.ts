import type { FieldError } from '../../common/errors/domain-error';
import {
  CUSTOM_EVENT_NAME_PATTERN,
  EVENT_TYPES,
  type EventType,
  MAX_EXCLUDED_TRIGGERS,
  MAX_TIME_ON_SITE_SECONDS,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
} from '../../conditions';
import { isLanguageTag } from '../../conditions/language-tag';
import { metadataProblem } from '../../visitors/model/visitor-metadata';

/** Every event type a widget reports: those triggers hear, and the dismissal of a firing's message (DESIGN §14). */
export const WIDGET_EVENT_TYPES = [...EVENT_TYPES, 'message-dismissed'] as const;
export type WidgetEventType = (typeof WIDGET_EVENT_TYPES)[number];

/** What a widget reports (DESIGN §3, §11, §14): one event of a visitor, evaluated, or a dismissal. */
export type VisitorEvent = EvaluatedEvent | DismissalEvent;

/** An event triggers hear. */
export interface EvaluatedEvent extends EventFields {
  readonly type: EventType;
}

/** The visitor closed a firing's message: it evaluates nothing (DESIGN §16). */
export interface DismissalEvent extends EventFields {
  readonly type: 'message-dismissed';
  readonly firingId: string;
}

interface EventFields {
  readonly url: string;
  /** Measured by the widget; otherwise the server counts from the visit start. */
  readonly timeOnSiteSeconds?: number;
  /** Measured by the widget since the page (or single-page-app route) loaded. */
  readonly timeOnPageSeconds?: number;
  /** Merged into the visitor's metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** `document.title`. */
  readonly title?: string;
  /** `document.referrer` on the first event after a page load: `""` (a direct visit) or an http(s) URL. */
  readonly referrer?: string;
  /** `navigator.language`: counts for this event only. */
  readonly language?: string;
  /** A `custom` event's name (`LivechatTriggers.track(name)`); only on `custom` events. */
  readonly name?: string;
  /** Triggers not to fire, schedule or claim on this event (unknown ids are ignored). */
  readonly exclude?: readonly string[];
}

const FIELDS = new Set(['type', 'url', 'timeOnSiteSeconds', 'timeOnPageSeconds', 'metadata', 'title', 'referrer', 'language', 'name', 'exclude', 'firingId']);
const TYPES: ReadonlySet<unknown> = new Set(WIDGET_EVENT_TYPES);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EXCLUDED_ID_LENGTH = 64;

export type EventCheck = { readonly ok: true; readonly event: VisitorEvent } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Checks an event body, every field at once, with the messages of the other bodies (unknown
 * properties refused by name). It runs on every event: plain checks, nothing reflected
 * (perf: class-validator and class-transformer took a fifth of an event's CPU).
 */
export function checkVisitorEvent(body: unknown): EventCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [{ path: '(body)', message: 'must be a JSON object' }] };
  }
  const fields = body as Record<string, unknown>;
  const { type, url, metadata, title, referrer, language, name, exclude, firingId } = fields;
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) if (!FIELDS.has(key)) errors.push({ path: key, message: `property ${key} should not exist` });
  if (!TYPES.has(type)) errors.push({ path: 'type', message: `type must be one of the following values: ${WIDGET_EVENT_TYPES.join(', ')}` });
  if (typeof url !== 'string') errors.push({ path: 'url', message: 'url must be a string' });
  else if (url.length < 1 || url.length > MAX_URL_LENGTH) errors.push({ path: 'url', message: `url must be 1 to ${MAX_URL_LENGTH} characters` });
  for (const clock of ['timeOnSiteSeconds', 'timeOnPageSeconds'] as const) {
    const seconds = fields[clock];
    if (seconds !== undefined && !(Number.isInteger(seconds) && (seconds as number) >= 0 && (seconds as number) <= MAX_TIME_ON_SITE_SECONDS)) {
      errors.push({ path: clock, message: `${clock} must be an integer from 0 to ${MAX_TIME_ON_SITE_SECONDS}` });
    }
  }
  if (metadata !== undefined) errors.push(...metadataProblems(metadata));
  if (title !== undefined && !(typeof title === 'string' && title.length <= MAX_TITLE_LENGTH)) {
    errors.push({ path: 'title', message: `title must be a string of at most ${MAX_TITLE_LENGTH} characters` });
  }
  if (referrer !== undefined && !isReferrer(referrer)) {
    errors.push({ path: 'referrer', message: `referrer must be "" or an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters` });
  }
  if (language !== undefined && !isLanguageTag(language)) errors.push({ path: 'language', message: 'language must be a BCP 47 language tag such as pt-BR' });
  errors.push(...nameProblems(type, name), ...firingIdProblems(type, firingId));
  if (exclude !== undefined && !isExcludeList(exclude)) {
    errors.push({ path: 'exclude', message: `exclude must be an array of at most ${MAX_EXCLUDED_TRIGGERS} trigger ids` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, event: body as VisitorEvent };
}

/** `""` (a direct visit) or an absolute http(s) URL within the URL limit. */
export function isReferrer(value: unknown): value is string {
  if (value === '') return true;
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

/** `name` is required on a `custom` event and refused on any other. */
function nameProblems(type: unknown, name: unknown): FieldError[] {
  if (type === 'custom') {
    if (typeof name === 'string' && CUSTOM_EVENT_NAME_PATTERN.test(name)) return [];
    return [{ path: 'name', message: 'a custom event needs a name of 1 to 64 characters of A-Z, a-z, 0-9, _ . : -' }];
  }
  return name === undefined ? [] : [{ path: 'name', message: 'only a custom event carries a name' }];
}

/** `firingId` (a UUID) is required on a `message-dismissed` event and refused on any other. */
function firingIdProblems(type: unknown, firingId: unknown): FieldError[] {
  if (type === 'message-dismissed') {
    return typeof firingId === 'string' && UUID.test(firingId)
      ? []
      : [{ path: 'firingId', message: 'a message-dismissed event needs the firingId (a UUID) of the fired message' }];
  }
  return firingId === undefined ? [] : [{ path: 'firingId', message: 'only a message-dismissed event carries a firingId' }];
}

function isExcludeList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_EXCLUDED_TRIGGERS &&
    value.every((id) => typeof id === 'string' && id.length >= 1 && id.length <= MAX_EXCLUDED_ID_LENGTH)
  );
}

/** One entry at `metadata` naming every problem, as the registration body reports them. */
function metadataProblems(metadata: unknown): FieldError[] {
  const problem = metadataProblem(metadata);
  return problem === undefined ? [] : [{ path: 'metadata', message: problem }];
}
