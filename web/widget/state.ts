/**
 * What the widget knows: the visitor (token, guest name), what the next event or
 * registration carries (metadata, department, the page load's referrer), the page it is on,
 * since when and what fired on it, the one timer for the soonest scheduled trigger, and the
 * firing whose message the panel shows. It sends nothing: the reporter does.
 */
import { MAX_EXCLUDED_TRIGGERS, MAX_TIME_ON_SITE_SECONDS } from '../../src/conditions/condition-limits';
import { pageReferrer } from './page-facts';
import { read, visitorToken, write } from './storage';

/** Slack on top of `afterSeconds`, so the event arrives just after the threshold. */
const TIMER_SLACK_MS = 250;

export type WidgetState = ReturnType<typeof createState>;

export function createState() {
  let metadata: Record<string, string> = {};
  let url = location.href;
  /** Bumped on every navigation: answers to an older page schedule nothing. */
  let page = 0;
  /** The page clock: from the widget's start on this page load, or the last single-page navigation. */
  let pageStartedAt = Date.now();
  /** Goes with the first delivered event after the page load, and never after a single-page navigation. */
  let referrer = pageReferrer();
  /** Triggers fired on this page: a re-evaluation after a push leaves them out (DESIGN §16). */
  let firedHere = new Set<string>();
  /** The latest firing whose message the panel shows, until the visitor closes it (DESIGN §14). */
  let shownFiring: string | null = null;
  let timer: { id: ReturnType<typeof setTimeout>; dueAt: number } | null = null;

  function cancelTimer(): void {
    if (timer) clearTimeout(timer.id);
    timer = null;
  }

  /** One timer, for the soonest trigger scheduled on this page; `due` reports it (and its answer schedules the next). */
  function schedule(scheduled: readonly { afterSeconds: number }[], forPage: number, due: () => void): void {
    if (forPage !== page || !scheduled.length) return;
    const wait = Math.max(0, Math.min(...scheduled.map((s) => s.afterSeconds))) * 1000 + TIMER_SLACK_MS;
    const dueAt = Date.now() + wait;
    if (timer && timer.dueAt <= dueAt) return;
    cancelTimer();
    timer = {
      dueAt,
      id: setTimeout(() => {
        timer = null;
        due();
      }, wait),
    };
  }

  return {
    token: visitorToken(),
    /** The department id the next registration asks for. */
    department: null as string | null,
    get page(): number {
      return page;
    },
    guestName: () => read('guest-name'),
    rememberGuest: (name: string) => write('guest-name', name),

    addMetadata(more: Record<string, string>): void {
      if (!more || typeof more !== 'object') return;
      for (const [key, value] of Object.entries(more)) if (typeof value === 'string') metadata[key] = value;
    },
    /** The pending metadata, handed over once; undefined when there is none. */
    takeMetadata(): Record<string, string> | undefined {
      const taken = metadata;
      metadata = {};
      return Object.keys(taken).length > 0 ? taken : undefined;
    },
    /** Taken metadata that was not delivered goes with the next event (newer values win). */
    restoreMetadata(taken: Record<string, string> | undefined): void {
      if (taken) metadata = { ...taken, ...metadata };
    },

    /** The referrer, handed over once; undefined when already handed over (or unusable). */
    takeReferrer(): string | undefined {
      const taken = referrer;
      referrer = undefined;
      return taken;
    },
    /** A taken referrer that was not delivered goes with the next event. */
    restoreReferrer(taken: string | undefined): void {
      if (taken !== undefined) referrer = taken;
    },

    /** Whole seconds on this page (0 when the device's clock went back). */
    timeOnPageSeconds(now = Date.now()): number {
      return Math.min(MAX_TIME_ON_SITE_SECONDS, Math.max(0, Math.floor((now - pageStartedAt) / 1000)));
    },

    /** True when the page changed: a new page, with its own clock, whose timer is not the old page's. */
    navigated(href: string): boolean {
      if (href === url) return false;
      url = href;
      page += 1;
      pageStartedAt = Date.now();
      firedHere = new Set();
      cancelTimer();
      return true;
    },
    schedule,
    /** A re-evaluation's answer lists every trigger still to come on this page: it replaces the timer. */
    reschedule(scheduled: readonly { afterSeconds: number }[], forPage: number, due: () => void): void {
      if (forPage !== page) return;
      cancelTimer();
      schedule(scheduled, forPage, due);
    },

    /** Notes a trigger an answer for `forPage` fired (an answer for a page already left fired there, not here). */
    fired(triggerId: string, forPage: number): void {
      if (forPage === page) firedHere.add(triggerId);
    },
    /** The triggers fired on this page, the latest ones when there are more than an event may exclude. */
    firedOnThisPage(): string[] {
      return [...firedHere].slice(-MAX_EXCLUDED_TRIGGERS);
    },

    /** The panel shows this firing's message (the latest shown wins). */
    showing(firingId: string): void {
      shownFiring = firingId;
    },
    /** The firing the panel shows, handed over once: closing the panel dismisses it, and only once. */
    takeShownFiring(): string | null {
      const taken = shownFiring;
      shownFiring = null;
      return taken;
    },
  };
}
