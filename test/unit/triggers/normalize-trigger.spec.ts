import { normalizeTrigger } from '../../../src/triggers/model/normalize-trigger';
import type { TriggerDefinition, TriggerInput } from '../../../src/triggers/model/trigger.types';
import { noSender, pageUrl, sendMessage, timeOnSite } from '../../support/builders';

const minimal: TriggerInput = {
  name: 'Contact page hello',
  conditions: [pageUrl('.*/contact')],
  actions: [sendMessage('Hi!', noSender())],
};

function definitionOf(input: TriggerInput): TriggerDefinition {
  const result = normalizeTrigger(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

describe('normalizeTrigger', () => {
  it('applies every default of an omitted optional field', () => {
    expect(definitionOf(minimal)).toEqual({
      name: 'Contact page hello',
      description: '',
      enabled: true,
      runOnce: false,
      priority: 100,
      match: 'all',
      conditions: [{ name: 'page-url', value: '.*/contact' }],
      actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'Hi!' } }],
      activeFrom: null,
      activeUntil: null,
      frequency: null,
    });
  });

  it('reads the active span as instants and refuses an empty one at activeUntil', () => {
    const span = { activeFrom: '2026-12-01T00:00:00+01:00', activeUntil: '2026-12-24T00:00:00Z' };
    expect(definitionOf({ ...minimal, ...span })).toMatchObject({
      activeFrom: new Date('2026-11-30T23:00:00Z'),
      activeUntil: new Date('2026-12-24T00:00:00Z'),
    });
    // half-open: equal ends leave no moment at all
    const empty = normalizeTrigger({ ...minimal, activeFrom: '2026-12-24T01:00:00+01:00', activeUntil: '2026-12-24T00:00:00Z' });
    expect(empty).toEqual({ ok: false, errors: [{ path: 'activeUntil', message: 'activeUntil must be after activeFrom' }] });
  });

  it('keeps every given field', () => {
    const given: TriggerInput = { ...minimal, description: 'd', enabled: false, runOnce: true, priority: 0, match: 'any' };
    expect(definitionOf(given)).toMatchObject({ description: 'd', enabled: false, runOnce: true, priority: 0, match: 'any' });
  });

  it('trims the name', () => {
    expect(definitionOf({ ...minimal, name: '  Hello \t' }).name).toBe('Hello');
  });

  it('stores a numeric time-on-site string as a number', () => {
    const definition = definitionOf({ ...minimal, conditions: [{ name: 'time-on-site', value: '30' }] });
    expect(definition.conditions).toEqual([{ name: 'time-on-site', value: 30 }]);
  });

  it.each([[undefined], [null], ['']])('stores an edge condition given %p as null', (value) => {
    const definition = definitionOf({
      ...minimal,
      conditions: [
        { name: 'chat-opened-by-visitor', value },
        { name: 'after-guest-registration', value },
      ],
    });
    expect(definition.conditions).toEqual([
      { name: 'chat-opened-by-visitor', value: null },
      { name: 'after-guest-registration', value: null },
    ]);
  });

  it('drops the name of a queue sender, and of an omitted sender (queue by default)', () => {
    const definition = definitionOf({
      ...minimal,
      actions: [
        { name: 'send-message', params: { sender: 'queue', name: 'ignored', msg: 'a' } },
        { name: 'send-message', params: { name: 'ignored too', msg: 'b' } },
      ],
    });
    expect(definition.actions.map((action) => action.params)).toEqual([
      { sender: 'queue', msg: 'a' },
      { sender: 'queue', msg: 'b' },
    ]);
  });

  it("keeps a custom sender's name, trimmed", () => {
    const definition = definitionOf({ ...minimal, actions: [{ name: 'send-message', params: { sender: 'custom', name: ' Bot ', msg: 'a' } }] });
    expect(definition.actions[0].params).toEqual({ sender: 'custom', name: 'Bot', msg: 'a' });
  });

  it('defaults an external service\'s timeout to 5000 ms and its fallback message to ""', () => {
    const definition = definitionOf({ ...minimal, actions: [{ name: 'use-external-service', params: { serviceUrl: 'https://crm.example/x' } }] });
    expect(definition.actions[0]).toEqual({
      name: 'use-external-service',
      params: { sender: 'queue', serviceUrl: 'https://crm.example/x', serviceTimeout: 5000, serviceFallbackMessage: '' },
    });
  });

  it('keeps the order of conditions and actions', () => {
    const definition = definitionOf({
      ...minimal,
      conditions: [timeOnSite(5), pageUrl('a')],
      actions: [sendMessage('first', noSender()), sendMessage('second', noSender())],
    });
    expect(definition.conditions.map((c) => c.name)).toEqual(['time-on-site', 'page-url']);
    expect(definition.actions.map((a) => (a.params as { msg: string }).msg)).toEqual(['first', 'second']);
  });

  it('returns a backtracking-risk warning with the path of the pattern', () => {
    const result = normalizeTrigger({
      ...minimal,
      conditions: [pageUrl('ok'), pageUrl('(a+)+$')],
    });
    expect(result.ok && result.warnings).toEqual([
      { code: 'regex-backtracking-risk', message: expect.stringContaining('(a+)+$'), path: 'conditions[1].value' },
    ]);
  });

  it('has no warnings for a safe pattern', () => {
    const result = normalizeTrigger(minimal);
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('refuses every invalid condition value at once, with its path (the whole trigger is checked)', () => {
    const result = normalizeTrigger({
      ...minimal,
      conditions: [
        { name: 'page-url', value: '(a' },
        { name: 'time-on-site', value: 86_401 },
        { name: 'after-guest-registration', value: 'x' },
        { name: 'nope' as never, value: 1 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual(['conditions[0].value', 'conditions[1].value', 'conditions[2].value', 'conditions[3].name']);
  });
  it('applies the frequency cooldown default and refuses it beside runOnce, at frequency', () => {
    expect(definitionOf({ ...minimal, frequency: { max: 2, per: 'day' } }).frequency).toEqual({ max: 2, per: 'day', cooldownSeconds: 0 });
    const both = normalizeTrigger({ ...minimal, runOnce: true, frequency: { max: 1, per: 'visitor' } });
    expect(both.ok).toBe(false);
    expect(!both.ok && both.errors).toEqual([expect.objectContaining({ path: 'frequency' })]);
  });
});
