/**
 * The embeddable livechat-triggers widget: one script tag on any site,
 *   <script src="https://service/widget/livechat-triggers.js" data-service-url="https://service" async></script>
 * It reports the visitor's events, and the service answers which triggers fire. Everything
 * it draws is in a shadow root, every network failure is caught, and its only global is
 * `window.LivechatTriggers`.
 *
 * Three parts: the state (state.ts: what the widget knows), the reporter (reporter.ts: what
 * it sends, and where the answers go) and the UI (ui.ts). This file wires them to the page
 * and to the live stream (live.ts).
 */
import { followLiveUpdates } from './live';
import { createReporter, type Reporter } from './reporter';
import { createState, type WidgetState } from './state';
import { read, write } from './storage';
import type { Availability, Guest } from './types';
import { mountUi, type WidgetUi } from './ui';

/** After a push of a new config, each widget waits up to this long, so they do not all ask at once. */
const REEVALUATE_SPREAD_MS = 2_000;

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

/**
 * What the stream's events do (DESIGN §12, §16). A new config re-evaluates the page after a
 * random 0–2 s; the first config the stream tells is the one the page view at load saw, unless
 * the page loaded hidden (the stream opens later, so any config then counts as new). An
 * availability change only shows or hides the bubble; it never re-evaluates. Until the first
 * one arrives, the bubble does what it did on the visitor's last page (so it does not flash
 * up and vanish on every page load while nobody is there). Returns what `setDepartment`
 * calls, since the bubble follows the visitor's department when it is listed.
 */
function followStream(base: string, state: WidgetState, ui: WidgetUi, reporter: Reporter): () => void {
  let knownConfig: string | null = document.visibilityState === 'visible' ? null : '';
  let reevaluating = false;
  let availability: Availability | null = null;
  ui.setUnstaffed(read('unstaffed') === '1');
  const showBubble = () => {
    if (!availability) return;
    // ids compare case-insensitively, as the server reads them
    const department = availability.departments.find((d) => d.id === state.department?.toLowerCase());
    const unstaffed = availability.hideWhenOffline && !(department ?? availability).online;
    write('unstaffed', unstaffed ? '1' : '');
    ui.setUnstaffed(unstaffed);
  };
  followLiveUpdates(base, {
    config(etag) {
      const changed = knownConfig !== null && etag !== knownConfig;
      knownConfig = etag;
      if (!changed || reevaluating) return;
      reevaluating = true;
      setTimeout(() => {
        reevaluating = false;
        void reporter.reevaluate();
      }, Math.random() * REEVALUATE_SPREAD_MS);
    },
    availability(next) {
      availability = next;
      showBubble();
    },
  });
  return showBubble;
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
    closedByVisitor: () => reporter.chatClosed(),
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
  void reporter.report('page-view');
  const departmentChanged = followStream(base, state, ui, reporter);

  window.LivechatTriggers = Object.freeze({
    visitorToken: state.token,
    setGuestMetadata: (metadata: Record<string, string>) => state.addMetadata(metadata),
    setDepartment(departmentId: string | null) {
      state.department = typeof departmentId === 'string' && departmentId ? departmentId : null;
      departmentChanged();
    },
    registerGuest: reporter.registerGuest,
    openChat() {
      if (ui.isOpen()) return;
      ui.open();
      void reporter.report('chat-opened');
    },
    track: reporter.track,
  });
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
