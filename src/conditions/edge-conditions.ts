import { type ConditionName, type ConditionType, type EventType, MET, NOT_MET, type ValueCheck } from './condition-type';

/** Edge conditions carry no value: `null`, `""` or absent. */
function parseNoValue(raw: unknown): ValueCheck<null> {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: null };
  return { ok: false, message: 'takes no value (use null, "" or leave it out)' };
}

function edgeCondition(name: ConditionName, event: EventType, description: string): ConditionType<null, null> {
  return {
    name,
    kind: 'edge',
    onlyOn: event,
    cost: 0,
    parseValue: parseNoValue,
    compile: () => null,
    test: (_none, { eventType }) => (eventType === event ? MET : NOT_MET),
    evaluate: (_none, { eventType }) =>
      eventType === event
        ? { met: true, detail: `the event is ${description}` }
        : { met: false, detail: `only a ${event} event (${description}) meets it; this is ${eventType}` },
  };
}

/** True only on the event of the visitor opening the chat. */
export const chatOpenedByVisitorCondition = edgeCondition('chat-opened-by-visitor', 'chat-opened', 'the visitor opening the chat');

/** True only on the event of the visitor submitting the registration form. */
export const afterGuestRegistrationCondition = edgeCondition('after-guest-registration', 'guest-registered', 'the visitor registering');
