/**
 * What talks to the service: sends the widget's events and the registration, hands the
 * fired messages to the UI, and the scheduled triggers to the state's timer. After a push
 * (the config changed) it re-evaluates the page, leaving out what already fired here. When
 * the visitor closes the panel on a firing's message, it reports the dismissal.
 */
import { CUSTOM_EVENT_NAME_PATTERN, MAX_URL_LENGTH } from '../../src/conditions/condition-limits';
import { createClient } from './client';
import { browserLanguage, pageTitle } from './page-facts';
import type { WidgetState } from './state';
import { timeOnSiteSeconds } from './storage';
import type { EventResponse, EventType, Guest, VisitorEvent } from './types';
import type { WidgetUi } from './ui';

export type Reporter = ReturnType<typeof createReporter>;

export function createReporter(base: string, state: WidgetState, ui: WidgetUi) {
  const client = createClient(base, (typing) => ui.setTyping(typing));

  function render(answer: EventResponse, forPage: number): void {
    let shown = 0;
    for (const fired of answer.fired ?? []) {
      state.fired(fired.triggerId, forPage);
      const shownBefore = shown;
      for (const action of fired.actions ?? []) {
        const sender = action.sender?.name ?? 'Support';
        for (const message of [...(action.messages ?? [])].sort((a, b) => a.order - b.order)) {
          ui.addMessage(sender, message.msg);
          shown += 1;
        }
      }
      if (shown > shownBefore) state.showing(fired.firingId);
    }
    if (shown > 0) ui.open();
  }

  /** Sends one event with the page's facts; `name` only on a `custom` event, `exclude` only on a re-evaluation. */
  async function report(type: EventType, name?: string, exclude?: string[]): Promise<void> {
    const forPage = state.page;
    const metadata = state.takeMetadata();
    const referrer = state.takeReferrer();
    const language = browserLanguage();
    const event: VisitorEvent = {
      type,
      url: location.href.slice(0, MAX_URL_LENGTH),
      ...(name === undefined ? {} : { name }),
      title: pageTitle(),
      ...(referrer === undefined ? {} : { referrer }),
      ...(language ? { language } : {}),
      timeOnSiteSeconds: timeOnSiteSeconds(),
      timeOnPageSeconds: state.timeOnPageSeconds(),
      ...(metadata ? { metadata } : {}),
      ...(exclude ? { exclude } : {}),
    };
    const result = await client.send<EventResponse>('POST', `/v1/widget/visitors/${state.token}/events`, event);
    if (!result.ok) {
      state.restoreMetadata(metadata);
      state.restoreReferrer(referrer);
      return;
    }
    render(result.body, forPage);
    const scheduled = result.body.scheduled ?? [];
    const due = () => void report('time-on-site');
    // a re-evaluation's answer lists every trigger still to come here; any other adds to the timer
    if (exclude) state.reschedule(scheduled, forPage, due);
    else state.schedule(scheduled, forPage, due);
  }

  /**
   * The config changed while the visitor is here (DESIGN §16): a `time-on-site` event for this
   * page that leaves out the triggers already fired on it, so a recurring one does not fire
   * twice; its answer re-derives the timer.
   */
  const reevaluate = () => report('time-on-site', undefined, state.firedOnThisPage());

  /**
   * The visitor closed the panel: while it showed a firing's message, that is a dismissal
   * (DESIGN §14, §16), reported once and without waiting; the service may then snooze what
   * would fire next. Only a close counts: opening the chat (the bubble, `openChat`) does not.
   */
  function chatClosed(): void {
    const firingId = state.takeShownFiring();
    if (!firingId) return;
    const dismissal: VisitorEvent = { type: 'message-dismissed', url: location.href.slice(0, MAX_URL_LENGTH), firingId };
    client.notify(`/v1/widget/visitors/${state.token}/events`, dismissal);
  }

  /** `LivechatTriggers.track(name)`: a name the API would refuse sends nothing. */
  function track(name: unknown): void {
    if (typeof name === 'string' && CUSTOM_EVENT_NAME_PATTERN.test(name)) void report('custom', name);
    else console.warn('livechat-triggers: track(name) needs 1 to 64 of A-Z a-z 0-9 _ . : -; ignored');
  }

  async function registerGuest(guest: Guest): Promise<boolean> {
    const name = typeof guest?.name === 'string' ? guest.name.trim() : '';
    const email = typeof guest?.email === 'string' ? guest.email.trim() : '';
    const metadata = state.takeMetadata();
    const { department } = state;
    const body = { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(department ? { department } : {}), ...(metadata ? { metadata } : {}) };
    const result = await client.send('PUT', `/v1/widget/visitors/${state.token}`, body);
    if (!result.ok) {
      state.restoreMetadata(metadata);
      ui.setRegisterError(result.message);
      return false;
    }
    ui.setRegisterError(null);
    state.rememberGuest(name || email || 'guest');
    ui.setGuest(name || email || 'guest');
    await report('guest-registered');
    return true;
  }

  return { report, reevaluate, track, registerGuest, chatClosed };
}
