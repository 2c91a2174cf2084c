/**
 * The embeddable livechat-triggers widget: one script tag on any site,
 *   <script src="https://service/widget/livechat-triggers.js" data-service-url="https://service" async></script>
 * It reports the visitor's events, and the service answers which triggers fire. Everything
 * it draws is in a shadow root, every network failure is caught, and its only global is
 * `window.LivechatTriggers`.
 *
 * Three parts: the state (state.ts: what the widget knows), the reporter (reporter.ts: what
 * it sends, and where the answers go) and the UI (ui.ts). This file wires them to the page.
 */
import { createReporter } from './reporter';
import { createState } from './state';
import type { Guest } from './types';
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
  /** Reports a `custom` event (`^[A-Za-z0-9_.:-]{1,64}$`; any other name is ignored with a console warning). */
  track(name: string): void;
  readonly visitorToken: string;
}

declare global {
  interface Window {
    LivechatTriggers?: LivechatTriggersApi;
  }
}

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
  const state = createState();
  const ui = mountUi({
    openedByVisitor: () => void reporter.report('chat-opened'),
    register: (guest) => void reporter.registerGuest(guest),
  });
  const reporter = createReporter(base, state, ui);
  ui.setGuest(state.guestName());

  // single-page navigation: wrapped pushState/replaceState, popstate and hashchange (the
  // state ignores a second signal for the same URL)
  const navigated = () => {
    if (state.navigated(location.href)) void reporter.report('page-view');
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method].bind(history);
    history[method] = (...args: Parameters<History['pushState']>) => {
      original(...args);
      setTimeout(navigated, 0);
    };
  }
  window.addEventListener('popstate', navigated);
  window.addEventListener('hashchange', navigated);

  window.LivechatTriggers = Object.freeze({
    visitorToken: state.token,
    setGuestMetadata: (metadata: Record<string, string>) => state.addMetadata(metadata),
    setDepartment(departmentId: string | null) {
      state.department = typeof departmentId === 'string' && departmentId ? departmentId : null;
    },
    registerGuest: reporter.registerGuest,
    openChat() {
      if (ui.isOpen()) return;
      ui.open();
      void reporter.report('chat-opened');
    },
    track: reporter.track,
  });
  void reporter.report('page-view');
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
