import type { Roster } from '../agent-queue/availability/roster';
import { type TaggedBody, taggedJson } from '../common/http/etag';

export interface RenderedAvailability extends TaggedBody {
  /** The body as the stream sends it. */
  readonly json: string;
}

/** A rendered body and the span of moments it holds for: until a department schedule's next change. */
interface Rendered {
  readonly view: RenderedAvailability;
  readonly from: number;
  readonly until: number;
}

const rendered = new WeakMap<Roster, Rendered>();

/**
 * The availability body of a roster at `atMs` (DESIGN §12), serialized once per roster and
 * department-schedule state: a roster is rendered again only after a schedule boundary.
 */
export function availabilityOf(roster: Roster, atMs: number = Date.now()): RenderedAvailability {
  const known = rendered.get(roster);
  if (known && atMs >= known.from && atMs < known.until) return known.view;
  const tagged = taggedJson(roster.availability(atMs));
  const view = { ...tagged, json: tagged.body.toString() };
  rendered.set(roster, { view, from: atMs, until: roster.nextScheduleChange(atMs) ?? Infinity });
  return view;
}
