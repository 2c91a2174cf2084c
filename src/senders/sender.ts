import { type Agent, isValidUsername } from '../agent-queue/agents/agent';
import type { RoutingSettings } from '../agent-queue/routing/routing-settings';

/** Who a trigger message appears to come from (DESIGN §2, §4, §10). */
export interface ResolvedSender {
  readonly type: 'queue' | 'custom';
  /** The impersonated agent; `null` for a display name only. */
  readonly username: string | null;
  readonly name: string;
}

export type SenderResult = { readonly ok: true; readonly sender: ResolvedSender } | { readonly ok: false; readonly error: 'no-agent-available' };

export interface SenderRequest {
  readonly sender: 'queue' | 'custom';
  /** The display name of a custom sender (required for `custom`, ignored for `queue`). */
  readonly name?: string;
  /** Queue senders stick to one agent per visitor. */
  readonly visitorToken: string;
  /** The visitor's department: queue senders route among its members. */
  readonly departmentId?: string;
}

/** A visitor keeps its impersonated agent this long after the pick (Rocket.Chat's widget caches it an hour). */
export const STICKY_AGENT_TTL_SECONDS = 3600;

export function queueSender(agent: Pick<Agent, 'username' | 'name'>): SenderResult {
  return { ok: true, sender: { type: 'queue', username: agent.username, name: agent.name } };
}

/** A custom sender carries an agent's profile when its name is that agent's username. */
export function customSender(name: string, agent?: Pick<Agent, 'username' | 'name'>): SenderResult {
  return { ok: true, sender: agent ? { type: 'custom', username: agent.username, name: agent.name } : { type: 'custom', username: null, name } };
}

/** Could the name of a custom sender be an agent's username (worth looking up)? */
export const mayNameAnAgent = isValidUsername;

/** No agent available: the fallback name when `fireWithoutAgent` is on, an error otherwise. */
export function senderWithoutAgent(settings: Pick<RoutingSettings, 'fireWithoutAgent' | 'fallbackSenderName'>): SenderResult {
  return settings.fireWithoutAgent
    ? { ok: true, sender: { type: 'queue', username: null, name: settings.fallbackSenderName } }
    : { ok: false, error: 'no-agent-available' };
}
