/**
 * The embeddable livechat-triggers widget: one script tag on any site,
 *   <script src="https://service/widget/livechat-triggers.js" data-service-url="https://service" async></script>
 * It reports the visitor's events, and the service answers which triggers fire. Everything
 * it draws is in a shadow root, every network failure is caught, and its only global is
 * `window.LivechatTriggers`.
 */
import { createClient } from './client';
import { read, timeOnSiteSeconds, visitorToken, write } from './storage';
import type { EventResponse, EventType, Guest } from './types';
import { mountUi } from './ui';

export interface LivechatTriggersApi {
  /** Merged into the visitor's metadata with the next event (or registration). */
  setGuestMetadata(metadata: Record<string, string>): void;
  /** The department the next registration asks for (a department id). */
  setDepartment(departmentId: string | null): void;
  /** Registers the guest, then reports `guest-registered`; resolves false when the service refused or was unreachable. */
  registerGuest(guest: Guest): Promise<boolean>;
  /** Opens the chat as if the visitor clicked the bubble (reports `chat-opened`). */
  openChat(): void;
  readonly visitorToken: string;
}

declare global {
  interface Window {
    LivechatTriggers?: LivechatTriggersApi;
  }
}

const MAX_URL_LENGTH = 2048;
/** Slack on top of `afterSeconds`, so the event arrives just after the threshold. */
const TIMER_SLACK_MS = 250;

function serviceBaseUrl(script: HTMLScriptElement | null): string | null {
  const given = script?.dataset.serviceUrl || (script?.src ? new URL(script.src, location.href).origin : '');
  return given ? given.replace(/\/+$/, '') : null;
}

function start(script: HTMLScriptElement | null): void {
  const base = serviceBaseUrl(script);
  if (!base) {
    console.warn('livechat-triggers: no data-service-url on the script tag; the widget is off');
    return;
  }
  const token = visitorToken();
  const client = createClient(base, (typing) => ui.setTyping(typing));
  let pendingMetadata: Record<string, string> = {};
  let department: string | null = null;
  let currentUrl = location.href;
  /** Bumped on every navigation: answers to an older page schedule nothing. */
  let page = 0;
  let timer: { id: ReturnType<typeof setTimeout>; dueAt: number } | null = null;

  const ui = mountUi({
    openedByVisitor: () => void report('chat-opened'),
    register: (guest) => void registerGuest(guest),
  });
  ui.setGuest(read('guest-name'));

  function takeMetadata(): Record<string, string> | undefined {
    const metadata = pendingMetadata;
    pendingMetadata = {};
    return Object.keys(metadata).length > 0 ? metadata : undefined;
  }

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

  function cancelTimer(): void {
    if (timer) clearTimeout(timer.id);
    timer = null;
  }

  /** One timer, for the soonest scheduled trigger; its event's answer schedules the next. */
  function schedule(answer: EventResponse, forPage: number): void {
    if (forPage !== page || !answer.scheduled?.length) return;
    const wait = Math.max(0, Math.min(...answer.scheduled.map((s) => s.afterSeconds))) * 1000 + TIMER_SLACK_MS;
    const dueAt = Date.now() + wait;
    if (timer && timer.dueAt <= dueAt) return;
    cancelTimer();
    timer = {
      dueAt,
      id: setTimeout(() => {
        timer = null;
        void report('time-on-site');
      }, wait),
    };
  }

  async function report(type: EventType): Promise<void> {
    const forPage = page;
    const metadata = takeMetadata();
    const event = { type, url: location.href.slice(0, MAX_URL_LENGTH), timeOnSiteSeconds: timeOnSiteSeconds(), ...(metadata ? { metadata } : {}) };
    const result = await client.send<EventResponse>('POST', `/v1/widget/visitors/${token}/events`, event);
    if (!result.ok) {
      // not delivered: keep the metadata for the next event
      if (metadata) pendingMetadata = { ...metadata, ...pendingMetadata };
      return;
    }
    render(result.body);
    schedule(result.body, forPage);
  }

  async function registerGuest(guest: Guest): Promise<boolean> {
    const name = typeof guest?.name === 'string' ? guest.name.trim() : '';
    const email = typeof guest?.email === 'string' ? guest.email.trim() : '';
    const metadata = takeMetadata();
    const body = { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(department ? { department } : {}), ...(metadata ? { metadata } : {}) };
    const result = await client.send('PUT', `/v1/widget/visitors/${token}`, body);
    if (!result.ok) {
      if (metadata) pendingMetadata = { ...metadata, ...pendingMetadata };
      ui.setRegisterError(result.message);
      return false;
    }
    ui.setRegisterError(null);
    write('guest-name', name || email || 'guest');
    ui.setGuest(name || email || 'guest');
    await report('guest-registered');
    return true;
  }

  function navigated(): void {
    if (location.href === currentUrl) return;
    currentUrl = location.href;
    page += 1;
    cancelTimer();
    void report('page-view');
  }

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      setTimeout(navigated, 0);
      return result;
    };
  }
  window.addEventListener('popstate', navigated);

  window.LivechatTriggers = Object.freeze({
    visitorToken: token,
    setGuestMetadata(metadata: Record<string, string>) {
      if (!metadata || typeof metadata !== 'object') return;
      for (const [key, value] of Object.entries(metadata)) if (typeof value === 'string') pendingMetadata[key] = value;
    },
    setDepartment(departmentId: string | null) {
      department = typeof departmentId === 'string' && departmentId ? departmentId : null;
    },
    registerGuest,
    openChat() {
      if (ui.isOpen()) return;
      ui.open();
      void report('chat-opened');
    },
  });
  void report('page-view');
  window.dispatchEvent(new CustomEvent('livechat-triggers:ready'));
}

if (!window.LivechatTriggers) {
  try {
    start(document.currentScript as HTMLScriptElement | null);
  } catch (error) {
    // never break the host page
    console.warn('livechat-triggers: failed to start', error);
  }
}
