/**
 * The service's answers and requests, as the widget reads and sends them: aliases of the
 * types generated from openapi.json (web/admin/api.d.ts; types only, nothing is bundled).
 */
import type { components } from '../admin/api.d';

type Schemas = components['schemas'];

export type VisitorEvent = Schemas['VisitorEventDto'];
/** What `report` sends: a dismissal carries a `firingId` and nothing else, so it goes its own way. */
export type EventType = Exclude<VisitorEvent['type'], 'message-dismissed'>;
export type EventResponse = Schemas['EventResponseDto'];
export type Problem = Schemas['ProblemDto'];
/** `GET /v1/widget/availability`, and the stream's `availability` event. */
export type Availability = Schemas['AvailabilityDto'];

/** What `LivechatTriggers.registerGuest` takes. */
export interface Guest {
  name?: string;
  email?: string;
}
