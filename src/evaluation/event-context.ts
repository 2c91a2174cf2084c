import type { DeviceClass, VisitorContext } from '../conditions';

/** The request's facts, computed only when a rule asks, once per request (DESIGN §16). */
export interface RequestFacts {
  device(): DeviceClass;
  country(): string | undefined;
  acceptLanguage(): string | undefined;
}

/** No request behind the decision (explain, tests): desktop, no country, no `Accept-Language`. */
export const NO_REQUEST: RequestFacts = Object.freeze({ device: () => 'desktop' as const, country: () => undefined, acceptLanguage: () => undefined });

/** The facts of an event that are known before any rule asks. */
export interface ContextFields extends Omit<VisitorContext, 'metadataValue' | 'queryParam' | 'language' | 'device' | 'country'> {
  /** The event's language, else the one given at registration. */
  readonly givenLanguage?: string;
  readonly metadata: readonly { readonly key: string; readonly value: string }[];
}

/** The facts of one event, and the same facts after a wait (scheduling). */
export interface EventContext extends VisitorContext {
  /**
   * The same facts `seconds` later, as the widget's timer event would report them (DESIGN
   * §16): time on site and on page advanced, a `time-on-site` event (edge conditions false).
   */
  later(seconds: number): EventContext;
}

/** The facts of one event (DESIGN §11): the request's and the query string's worked out only when a rule asks. */
export function eventContext(fields: ContextFields, request: RequestFacts): EventContext {
  let query: URLSearchParams | undefined;
  const queryParam = (key: string) => (query ??= queryOf(fields.url)).get(key) ?? undefined;
  return withFacts(fields, request, queryParam);
}

function withFacts(fields: ContextFields, request: RequestFacts, queryParam: (key: string) => string | undefined): EventContext {
  return {
    ...fields,
    metadataValue: (key) => fields.metadata.find((entry) => entry.key === key)?.value,
    queryParam,
    // the event's language, else the registration's, else the first of Accept-Language
    language: () => fields.givenLanguage ?? request.acceptLanguage(),
    device: () => request.device(),
    country: () => request.country(),
    later: (seconds) =>
      withFacts(
        {
          ...fields,
          eventType: 'time-on-site',
          customEventName: undefined,
          timeOnSiteSeconds: fields.timeOnSiteSeconds + seconds,
          timeOnPageSeconds: fields.timeOnPageSeconds + seconds,
        },
        request,
        queryParam,
      ),
  };
}

/** The query string of a URL as `URLSearchParams` decodes it (`+` is a space; `?a` has `a` = ""). */
function queryOf(url: string): URLSearchParams {
  const start = url.indexOf('?');
  if (start === -1) return new URLSearchParams();
  const end = url.indexOf('#', start);
  return new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end));
}
