import { conditionType, type EventType, type VisitorContext } from '../../../src/conditions';
import { visitorContext } from '../../support/visitor-context';

const ctx = (eventType: EventType, timeOnSiteSeconds = 0): VisitorContext => visitorContext({ eventType, timeOnSiteSeconds });

describe('time-on-site condition', () => {
  const time = conditionType('time-on-site');

  it('accepts whole seconds 0..86400, numeric strings stored as numbers', () => {
    expect(time.parseValue(0)).toEqual({ ok: true, value: 0 });
    expect(time.parseValue(86400)).toEqual({ ok: true, value: 86400 });
    expect(time.parseValue('30')).toEqual({ ok: true, value: 30 });
    expect(time.parseValue(' 15 ')).toEqual({ ok: true, value: 15 });
    for (const bad of [-1, 86401, 1.5, '1.5', '-3', 'abc', '', null, true, '9999999']) expect(time.parseValue(bad).ok).toBe(false);
  });

  it('is met once the visitor has spent long enough, and says how long is left otherwise', () => {
    expect(time.evaluate(30, ctx('page-view', 30))).toMatchObject({ met: true });
    expect(time.evaluate(30, ctx('page-view', 12))).toMatchObject({ met: false, waitSeconds: 18 });
    expect(time.evaluate(0, ctx('chat-opened', 0)).met).toBe(true);
  });
});

describe('edge conditions', () => {
  it.each([
    ['chat-opened-by-visitor', 'chat-opened'],
    ['after-guest-registration', 'guest-registered'],
  ] as const)('%s holds only on its own event (%s)', (name, event) => {
    const type = conditionType(name);
    expect(type.kind).toBe('edge');
    for (const other of ['page-view', 'time-on-site', 'chat-opened', 'guest-registered'] as const) {
      expect(type.evaluate(null, ctx(other, 999)).met).toBe(other === event);
    }
  });

  it('takes no value: null, "" or absent', () => {
    const type = conditionType('chat-opened-by-visitor');
    for (const none of [null, '', undefined]) expect(type.parseValue(none)).toEqual({ ok: true, value: null });
    for (const some of ['x', 0, false, {}]) expect(type.parseValue(some).ok).toBe(false);
  });
});
