import type { VisitorContext } from '../../src/conditions';
import {
  type AvailableAgents,
  type ContextFields,
  EventContext,
  NO_AGENTS,
  NO_REQUEST,
  NO_SCHEDULES,
  type RequestFacts,
  type ScheduleBook,
  type VisitorFacts,
} from '../../src/evaluation';

/** The facts of one event for a condition's own checks: an anonymous first visit on a page view unless told otherwise. */
export function visitorContext(
  fields: Partial<ContextFields> = {},
  request: RequestFacts = NO_REQUEST,
  agents: AvailableAgents = NO_AGENTS,
  schedules: ScheduleBook = NO_SCHEDULES,
): VisitorContext {
  return EventContext.of(
    {
      eventType: 'page-view',
      url: 'https://x.com/',
      timeOnSiteSeconds: 0,
      timeOnPageSeconds: 0,
      registered: false,
      visitCount: 1,
      chatsOpened: 0,
      metadata: [],
      atMs: Date.now(),
      ...fields,
    },
    request,
    agents,
    schedules,
  );
}

/** What the decision knows of a visitor: anonymous, first visit, nothing shown, unless told otherwise. */
export function visitorFacts(at: Date, fields: Partial<VisitorFacts> = {}): VisitorFacts {
  return { registered: false, visitStartedAt: at, runOnceShown: new Set(), visitCount: 1, chatsOpened: 0, metadata: [], ...fields };
}
