/**
 * Builders for native trigger literals (DESIGN §2): conditions, actions and senders, in the
 * shape the API takes them. They send only what they are given, so the server's defaults
 * apply to the rest. A test whose point is the literal itself (a wrong type, an unknown
 * field, a Rocket.Chat body) writes it out instead.
 */

// Conditions

export type PageUrlCondition = { name: 'page-url'; value: string };
export type TimeOnSiteCondition = { name: 'time-on-site'; value: number };
export type ChatOpenedCondition = { name: 'chat-opened-by-visitor' };
export type AfterRegistrationCondition = { name: 'after-guest-registration' };

/** True when the page URL matches this RE2 pattern, unanchored. */
export const pageUrl = (pattern: string): PageUrlCondition => ({ name: 'page-url', value: pattern });

/** True once the visitor has been on the site this many seconds. */
export const timeOnSite = (seconds: number): TimeOnSiteCondition => ({ name: 'time-on-site', value: seconds });

/** True on the event of the visitor opening the chat (sent without a value). */
export const chatOpened = (): ChatOpenedCondition => ({ name: 'chat-opened-by-visitor' });

/** True on the event of the visitor registering (sent without a value). */
export const afterRegistration = (): AfterRegistrationCondition => ({ name: 'after-guest-registration' });

/** A targeting rule (DESIGN §11), written out as the API takes it. */
export type RuleCondition = { name: string; op: string; value?: unknown; key?: string; caseSensitive?: boolean };
export type GroupCondition = { name: 'group'; match: 'all' | 'any' | 'none'; conditions: AnyCondition[] };
export type AnyCondition = PageUrlCondition | TimeOnSiteCondition | ChatOpenedCondition | AfterRegistrationCondition | RuleCondition | GroupCondition;

/** A rule: `rule('page-title', 'contains', 'pricing')`, `rule('visitor-attribute', 'eq', 'pro', { key: 'plan' })`. */
export const rule = (name: string, op: string, value?: unknown, extra: { key?: string; caseSensitive?: boolean } = {}): RuleCondition => ({
  name,
  op,
  ...(value !== undefined ? { value } : {}),
  ...extra,
});

/** A group of conditions, true when all, any or none of them are. */
export const group = (match: GroupCondition['match'], ...conditions: AnyCondition[]): GroupCondition => ({ name: 'group', match, conditions });

// Senders, spread into an action's params

export type QueueSender = { sender: 'queue' };
export type CustomSender = { sender: 'custom'; name: string };
export type NoSender = { sender?: never };
export type Sender = QueueSender | CustomSender | NoSender;

/** The next agent from the queue. */
export const queueSender = (): QueueSender => ({ sender: 'queue' });

/** A named sender (an agent's profile when the name is an agent's username). */
export const customSender = (name: string): CustomSender => ({ sender: 'custom', name });

/** No `sender` field at all: the server's default, the queue, applies. */
export const noSender = (): NoSender => ({});

// Actions

export type SendMessageAction = { name: 'send-message'; params: Sender & { msg: string } };
export type UseExternalServiceAction = {
  name: 'use-external-service';
  params: Sender & { serviceUrl: string; serviceTimeout?: number; serviceFallbackMessage?: string };
};

/** A static message, from the custom sender "Bot" unless another sender is given. */
export function sendMessage(msg: string, sender: Sender = customSender('Bot')): SendMessageAction {
  return { name: 'send-message', params: { ...sender, msg } };
}

export interface ExternalServiceOptions {
  /** `serviceTimeout` in ms; left out when not given (the server's default is 5000). */
  timeout?: number;
  /** `serviceFallbackMessage`; left out when not given (the server's default is ""). */
  fallback?: string;
  /** The custom sender "CRM" unless another sender is given. */
  sender?: Sender;
}

/** Messages from the external service at `serviceUrl`. */
export function useExternalService(
  serviceUrl: string,
  { timeout, fallback, sender = customSender('CRM') }: ExternalServiceOptions = {},
): UseExternalServiceAction {
  return {
    name: 'use-external-service',
    params: {
      ...sender,
      serviceUrl,
      ...(timeout === undefined ? {} : { serviceTimeout: timeout }),
      ...(fallback === undefined ? {} : { serviceFallbackMessage: fallback }),
    },
  };
}
