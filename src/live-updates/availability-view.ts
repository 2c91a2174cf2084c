import type { Roster } from '../agent-queue/availability/roster';
import { type TaggedBody, taggedJson } from '../common/http/etag';

export interface RenderedAvailability extends TaggedBody {
  /** The body as the stream sends it. */
  readonly json: string;
}

const rendered = new WeakMap<Roster, RenderedAvailability>();

/** The availability body of a roster (DESIGN §12), serialized once per roster. */
export function availabilityOf(roster: Roster): RenderedAvailability {
  let view = rendered.get(roster);
  if (!view) {
    const tagged = taggedJson(roster.availability());
    view = { ...tagged, json: tagged.body.toString() };
    rendered.set(roster, view);
  }
  return view;
}
