import type { OfferedDepartment } from '../agent-queue/availability/offered-department';
import type { RocketChatCondition } from '../conditions';
import type { LivechatSettings } from '../livechat-settings/livechat-settings';
import type { UpstreamConfig } from '../rocketchat-upstream/rocketchat-upstream';
import type { EnabledTriggers } from '../trigger-cache/trigger-cache.service';
import type { Visitor } from '../visitors/model/visitor';
import { publicParams } from '../widget/widget-config';
import { isActiveAt } from '../evaluation';
import { expressibleInRocketChat } from './rc-expressible';
import { type RcCondition, toRcConditionValue } from './rocketchat-trigger.mapper';

/**
 * Rocket.Chat's `GET /api/v1/livechat/config` (DESIGN §7.2, ROCKETCHAT.md §2.9): every key
 * Rocket.Chat's widget reads, with Rocket.Chat's default values where this service has no
 * setting of its own. Pure mapping: the parts are read by the caller.
 */

/** A trigger as Rocket.Chat's `/livechat/config` carries it: no name, description or enabled flag. */
export interface RcConfigTrigger {
  readonly _id: string;
  readonly actions: readonly { readonly name: string; readonly params: ReturnType<typeof publicParams> }[];
  readonly conditions: readonly RcCondition[];
  readonly runOnce: boolean;
}

/** A registered visitor as Rocket.Chat's config carries it (`guest`): the widget then skips its registration form. */
export interface RcGuest {
  readonly _id: string;
  readonly token: string;
  readonly name?: string;
  readonly visitorEmails?: readonly { readonly address: string }[];
  readonly department?: string;
}

export interface RcConfigAnswer {
  readonly config: Readonly<Record<string, unknown>> & { readonly enabled: boolean };
  readonly success: true;
}

/** What is ours in every answer, upstream or local. */
export interface RcOwnParts {
  readonly triggers: readonly RcConfigTrigger[];
  readonly online: boolean;
  readonly guest?: RcGuest;
}

export const RC_DISABLED: RcConfigAnswer = Object.freeze({ config: Object.freeze({ enabled: false }), success: true as const });

/**
 * The `triggers` part, from the same snapshot of enabled triggers as the native widget config
 * (in firing order), with the same public action params (never a service URL, timeout or
 * fallback text), and only triggers Rocket.Chat's model can express that are inside their
 * active span at `atMs` (DESIGN §7.2; the rest is built once per snapshot).
 */
export function rcConfigTriggers(snapshot: EnabledTriggers, atMs: number): RcConfigTrigger[] {
  return snapshot
    .derive('rocketchat-config-triggers', expressibleEntries)
    .filter(({ compiled }) => isActiveAt(compiled, atMs))
    .map(({ entry }) => entry);
}

function expressibleEntries(snapshot: EnabledTriggers): { compiled: EnabledTriggers['triggers'][number]; entry: RcConfigTrigger }[] {
  return snapshot.triggers
    .filter(({ trigger }) => expressibleInRocketChat(trigger))
    .map((compiled) => ({ compiled, entry: rcConfigTrigger(compiled.trigger) }));
}

function rcConfigTrigger(trigger: EnabledTriggers['triggers'][number]['trigger']): RcConfigTrigger {
  return {
    _id: trigger.id,
    actions: trigger.actions.map((action) => ({ name: action.name, params: publicParams(action) })),
    // only triggers made of Rocket.Chat's conditions are listed (expressibleInRocketChat)
    conditions: trigger.conditions.map((condition) => ({ name: condition.name, value: toRcConditionValue(condition as RocketChatCondition) })),
    runOnce: trigger.runOnce,
  };
}

/** `guest`, for a registered visitor only. */
export function rcGuest(visitor: Visitor | undefined): RcGuest | undefined {
  if (!visitor?.registeredAt) return undefined;
  return {
    _id: visitor.token,
    token: visitor.token,
    ...(visitor.name !== null ? { name: visitor.name } : {}),
    ...(visitor.email !== null ? { visitorEmails: [{ address: visitor.email }] } : {}),
    ...(visitor.departmentId !== null ? { department: visitor.departmentId } : {}),
  };
}

/** The whole config answered by this service alone (no `ROCKETCHAT_URL`, or it failed). */
export function localRcConfig(settings: LivechatSettings, departments: readonly OfferedDepartment[], own: RcOwnParts): RcConfigAnswer {
  if (!settings.enabled) return RC_DISABLED;
  const config = {
    enabled: true,
    settings: {
      registrationForm: settings.registrationForm,
      allowSwitchingDepartments: true,
      nameFieldRegistrationForm: true,
      emailFieldRegistrationForm: true,
      displayOfflineForm: settings.offlineForm,
      videoCall: false,
      fileUpload: false,
      language: settings.language ?? '',
      transcript: false,
      historyMonitorType: 'url',
      forceAcceptDataProcessingConsent: false,
      showConnecting: false,
      agentHiddenInfo: false,
      clearLocalStorageWhenChatEnded: false,
      limitTextLength: false,
      hiddenSystemMessages: [],
      hideWatermark: false,
      visitorsCanCloseChat: true,
    },
    theme: {
      title: settings.title,
      color: settings.color,
      offlineTitle: 'Leave a message',
      offlineColor: '#666666',
      position: 'right',
      actionLinks: { webrtc: [], jitsi: [] },
    },
    messages: {
      offlineMessage: '',
      offlineSuccessMessage: '',
      offlineUnavailableMessage: '',
      conversationFinishedMessage: '',
      conversationFinishedText: '',
      transcriptMessage: '',
      registrationFormMessage: '',
      dataProcessingConsentText: '',
    },
    survey: { items: ['satisfaction', 'agentKnowledge', 'agentResposiveness', 'agentFriendliness'], values: ['1', '2', '3', '4', '5'] },
    triggers: own.triggers,
    departments: departments.map((department) => ({
      _id: department.id,
      name: department.name,
      showOnRegistration: department.showOnRegistration,
      // one visibility flag in this service's model serves both of Rocket.Chat's forms
      showOnOfflineForm: department.showOnRegistration,
      departmentsAllowedToForward: [],
    })),
    resources: { sound: '', emojis: [] },
    online: own.online,
    ...(own.guest ? { guest: own.guest } : {}),
  };
  return { config, success: true };
}

/**
 * Rocket.Chat's own config with ours in it: our `triggers`, `online` and `guest` replace its
 * own, and its `guest`, `room` and `agent` (about one visitor, so never from a shared cache)
 * are dropped. A disabled Rocket.Chat widget stays disabled.
 */
export function upstreamRcConfig(upstream: UpstreamConfig, own: RcOwnParts): RcConfigAnswer {
  if (!upstream.enabled) return RC_DISABLED;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped on purpose
  const { guest, room, agent, ...shared } = upstream;
  return {
    config: { ...shared, triggers: own.triggers, online: own.online, ...(own.guest ? { guest: own.guest } : {}) },
    success: true,
  };
}
