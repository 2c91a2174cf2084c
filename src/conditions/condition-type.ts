import type { DeviceClass, RuleName, ScheduleState } from './rules/rule-types';

/** The four condition types; the wire names are Rocket.Chat's. */
export const CONDITION_NAMES = ['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration'] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];

/** What a visitor's widget reports. */
export const EVENT_TYPES = ['page-view', 'time-on-site', 'chat-opened', 'guest-registered', 'custom'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The facts a condition is evaluated against, for one event (DESIGN §3, §11). */
export interface VisitorContext {
  readonly eventType: EventType;
  readonly url: string;
  readonly timeOnSiteSeconds: number;
  readonly timeOnPageSeconds: number;
  /**
   * The compiled page-URL patterns `url` matches, when the caller matched every pattern at
   * once (PageUrlSet); without it each page-URL condition runs its own pattern.
   */
  readonly matchingUrlPatterns?: ReadonlySet<unknown>;
  /** The event's page title; undefined when it sent none. */
  readonly title?: string;
  /** The visit's referrer (`""`: a direct visit); undefined when unknown. */
  readonly referrer?: string;
  /** A `custom` event's name. */
  readonly customEventName?: string;
  readonly registered: boolean;
  readonly departmentId?: string;
  readonly visitCount: number;
  readonly chatsOpened: number;
  /** Facts computed only when a rule asks (request headers, the URL's query string). */
  metadataValue(key: string): string | undefined;
  queryParam(key: string): string | undefined;
  language(): string | undefined;
  device(): DeviceClass;
  country(): string | undefined;
  /** Available agents now (DESIGN §4, §12), in the department when given, else in all. */
  agentsAvailable(departmentId?: string): number;
  /** The schedule's state at the event's moment (DESIGN §13); undefined for a schedule we do not know. */
  scheduleState(scheduleId: string): ScheduleState | undefined;
  /** When the schedule's state next changes after the event's moment (epoch ms; null: never); undefined for an unknown schedule. */
  scheduleNextChange(scheduleId: string): number | null | undefined;
}

/**
 * One rule or Rocket.Chat condition, compiled once per trigger version (no regex, lowercase
 * copy or list built per event).
 */
export type LeafName = ConditionName | RuleName;

export interface Leaf {
  readonly name: LeafName;
  /** For an edge condition, the one event it can hold on. */
  readonly onlyOn?: EventType;
  /** Relative cost of `test`: cheap leaves are tested first, so a group can stop early. */
  readonly cost: number;
  /** The page-URL pattern of a `page-url` condition (PageUrlSet, CandidateIndex). */
  readonly pageUrl?: unknown;
  test(context: VisitorContext): boolean;
  /** A leaf that holds after a wait (time on site or on page, `gte`): the seconds it still needs, 0 when it holds. */
  waitSeconds?(context: VisitorContext): number;
  /** The check with its reason and the value it saw (null when absent), for explain. */
  evaluate(context: VisitorContext): LeafOutcome;
}

export interface LeafOutcome {
  readonly met: boolean;
  readonly detail: string;
  readonly actual: unknown;
}

export interface ConditionWarning {
  readonly code: string;
  readonly message: string;
}

export type ValueCheck<V> =
  { readonly ok: true; readonly value: V; readonly warnings?: readonly ConditionWarning[] } | { readonly ok: false; readonly message: string };

/** What evaluation needs: met or not, and for an unmet time condition the seconds until it would be. */
export interface ConditionTest {
  readonly met: boolean;
  readonly waitSeconds?: number;
}

export interface ConditionOutcome extends ConditionTest {
  /** Human-readable reason, for explain. */
  readonly detail: string;
}

/** Shared answers, so the per-event path allocates nothing for them. */
export const MET: ConditionTest = Object.freeze({ met: true });
export const NOT_MET: ConditionTest = Object.freeze({ met: false });

/**
 * One condition type: how its value is validated and normalized, compiled once per
 * trigger version, and evaluated per event.
 *
 * `state` conditions (page URL, time on site) hold on any event; `edge` conditions hold
 * only on their own event (the visitor opening the chat, or registering).
 */
export interface ConditionType<V = unknown, C = unknown> {
  readonly name: ConditionName;
  readonly kind: 'state' | 'edge';
  /** For an edge condition, the one event it can hold on (an `all` trigger with it waits for that event). */
  readonly onlyOn?: EventType;
  /** Relative cost of `test`: cheap conditions are tested first, so `all` can stop early. */
  readonly cost: number;
  parseValue(raw: unknown): ValueCheck<V>;
  compile(value: V): C;
  /** The per-event check: no strings built. */
  test(compiled: C, context: VisitorContext): ConditionTest;
  /** The check with its reason, for explain. */
  evaluate(compiled: C, context: VisitorContext): ConditionOutcome;
}
