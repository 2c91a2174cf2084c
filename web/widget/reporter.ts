/**
 * What talks to the service: sends the widget's events and the registration, hands the
 * fired messages to the UI, and the scheduled triggers to the state's timer.
 */
import { MAX_URL_LENGTH } from '../../src/conditions/condition-limits';
import { createClient } from './client';
import type { WidgetState } from './state';
import { timeOnSiteSeconds } from './storage';
import type { EventResponse, EventType, Guest, VisitorEvent } from './types';
import type { WidgetUi } from './ui';

/** The API refuses longer event URLs (tsc checks this is the API's value; its module is not for browsers). */

export type Reporter = ReturnType<typeof createReporter>;

export function createReporter(base: string, state: WidgetState, ui: WidgetUi) {
  const client = createClient(base, (typing) => ui.setTyping(typing));

  function render(answer: EventResponse): void {
    let shown = 0;
    for (const fired of answer.fired ?? []) {
      for (const action of fired.actions ?? []) {
        const sender = action.sender?.name ?? 'Support';
        for (const message of [...(action.messages ?? [])].sort((a, b) => a.order - b.order)) {
          ui.addMessage(sender, message.msg);
          shown += 1;
        }
      }
    }
    if (shown > 0) ui.open();
  }

  async function report(type: EventType): Promise<void> {
    const forPage = state.page;
    const metadata = state.takeMetadata();
    const event: VisitorEvent = {
      type,
      url: location.href.slice(0, MAX_URL_LENGTH),
      timeOnSiteSeconds: timeOnSiteSeconds(),
      ...(metadata ? { metadata } : {}),
    };
    const result = await client.send<EventResponse>('POST', `/v1/widget/visitors/${state.token}/events`, event);
    if (!result.ok) {
      state.restoreMetadata(metadata);
      return;
    }
    render(result.body);
    state.schedule(result.body.scheduled ?? [], forPage, () => void report('time-on-site'));
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

  return { report, registerGuest };
}
