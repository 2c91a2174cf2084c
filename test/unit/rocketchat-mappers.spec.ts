import { describeFailure, toRcExternalAnswer } from '../../src/rocketchat/rocketchat-external.mapper';
import { parseRcSort, toNativeListParams } from '../../src/rocketchat/rocketchat-list.mapper';
import { fromRcTriggerBody, type RcTriggerBody, toRcTrigger } from '../../src/rocketchat/rocketchat-trigger.mapper';
import { metadataOf } from '../../src/rocketchat/extra-data';
import type { TriggerView } from '../../src/triggers/model/trigger-view';

const view: TriggerView = {
  id: '6f1c2b1e-0000-4000-8000-000000000001',
  name: 'Pricing hello',
  description: 'd',
  enabled: true,
  runOnce: false,
  priority: 5,
  match: 'any',
  conditions: [
    { name: 'page-url', value: '.*/pricing' },
    { name: 'time-on-site', value: 30 },
    { name: 'chat-opened-by-visitor', value: null },
  ],
  actions: [
    { name: 'send-message', params: { sender: 'queue', msg: 'Hi' } },
    {
      name: 'use-external-service',
      params: { sender: 'custom', name: 'Bot', serviceUrl: 'https://crm.example/x', serviceTimeout: 2000, serviceFallbackMessage: '' },
    },
  ],
  activeFrom: null,
  activeUntil: null,
  frequency: null,
  version: 3,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
};

describe('Rocket.Chat trigger mapping', () => {
  it('reads a native trigger as ILivechatTrigger: _id, _updatedAt, string condition values, no native-only fields', () => {
    expect(toRcTrigger(view)).toEqual({
      _id: view.id,
      name: 'Pricing hello',
      description: 'd',
      enabled: true,
      runOnce: false,
      conditions: [
        { name: 'page-url', value: '.*/pricing' },
        { name: 'time-on-site', value: '30' },
        { name: 'chat-opened-by-visitor', value: '' },
      ],
      actions: [
        { name: 'send-message', params: { sender: 'queue', name: '', msg: 'Hi' } },
        {
          name: 'use-external-service',
          params: { sender: 'custom', name: 'Bot', serviceUrl: 'https://crm.example/x', serviceTimeout: 2000, serviceFallbackMessage: '' },
        },
      ],
      _updatedAt: '2024-01-02T00:00:00.000Z',
    });
  });

  it('maps a posted body to the native fields: edge values dropped, other values as sent, null params fields left out', () => {
    const fields = fromRcTriggerBody({
      _id: 'ignored-here',
      name: 'n',
      description: '',
      enabled: false,
      runOnce: true,
      conditions: [
        { name: 'after-guest-registration', value: 'anything' },
        { name: 'time-on-site', value: '5' },
        { name: 'page-url', value: null },
      ],
      actions: [
        { name: 'send-message', params: { sender: 'queue', msg: 'Hi', name: null } },
        { name: 'send-message', params: null },
      ],
    });
    expect(fields).toEqual({
      name: 'n',
      description: '',
      enabled: false,
      runOnce: true,
      conditions: [
        { name: 'after-guest-registration', value: null },
        { name: 'time-on-site', value: '5' },
        { name: 'page-url', value: null },
      ],
      actions: [
        { name: 'send-message', params: { sender: 'queue', msg: 'Hi' } },
        { name: 'send-message', params: {} },
      ],
    });
    expect(fields).not.toHaveProperty('priority');
    expect(fields).not.toHaveProperty('match');
  });

  it('round-trips: what it reads maps back to the same conditions and actions (native normalization aside)', () => {
    const { conditions, actions } = fromRcTriggerBody(toRcTrigger(view) as RcTriggerBody);
    expect(actions).toEqual([{ name: 'send-message', params: { sender: 'queue', name: '', msg: 'Hi' } }, view.actions[1]]);
    expect(conditions).toEqual([view.conditions[0], { name: 'time-on-site', value: '30' }, view.conditions[2]]);
  });
});

describe('Rocket.Chat list parameters', () => {
  it.each([
    ['{"name":1}', 'name'],
    ['{"name":-1}', '-name'],
    ['{"_updatedAt":-1}', '-updatedAt'],
    ['{"_createdAt":1}', 'createdAt'],
    ['{"priority":1}', 'priority'],
  ])('sort %s → %s', (text, sort) => {
    expect(parseRcSort(text)).toEqual({ ok: true, sort });
  });

  it.each(['name', '[]', 'null', '{}', '{"name":1,"_updatedAt":1}', '{"version":1}', '{"name":0}', '{"name":"asc"}', '{"__proto__":1}', '{"toString":1}'])(
    'refuses sort %s',
    (text) => {
      expect(parseRcSort(text).ok).toBe(false);
    },
  );

  it('defaults to 50 by name, caps count at 100, and count 0 means the cap', () => {
    expect(toNativeListParams({})).toEqual({ ok: true, params: { limit: 50, offset: 0, sort: 'name' } });
    expect(toNativeListParams({ count: 500, offset: 10 })).toEqual({ ok: true, params: { limit: 100, offset: 10, sort: 'name' } });
    expect(toNativeListParams({ count: 0 })).toEqual({ ok: true, params: { limit: 100, offset: 0, sort: 'name' } });
    expect(toNativeListParams({ count: 7, sort: '{"name":-1}' })).toEqual({ ok: true, params: { limit: 7, offset: 0, sort: '-name' } });
  });

  it('reports a bad sort at the path sort', () => {
    expect(toNativeListParams({ sort: '{' })).toEqual({ ok: false, errors: [{ path: 'sort', message: expect.any(String) }] });
  });
});

describe('Rocket.Chat external-service answers', () => {
  it('describes failures in a short text of ours', () => {
    expect(describeFailure({ reason: 'http-status', statusCode: 500 })).toBe('HTTP 500');
    expect(describeFailure({ reason: 'http-status' })).toBe('unexpected HTTP status');
    expect(describeFailure({ reason: 'timeout', timeoutMs: 1000 })).toBe('timeout after 1000 ms');
    expect(describeFailure({ reason: 'timeout' })).toBe('timeout');
    expect(describeFailure({ reason: 'redirect', statusCode: 302 })).toBe('HTTP 302 redirect not followed');
    for (const reason of ['invalid-json', 'invalid-contents', 'too-large', 'connection-failed', 'blocked-address', 'circuit-open'] as const) {
      expect(describeFailure({ reason })).toMatch(/^[a-z0-9 :]+$/i);
    }
  });

  it('success: 200 shape with statusCode and contents', () => {
    expect(toRcExternalAnswer('t1', { messages: [{ msg: 'a', order: 0 }], statusCode: 200 }, 'fb')).toEqual({
      triggerId: 't1',
      response: { statusCode: 200, contents: [{ msg: 'a', order: 0 }] },
      success: true,
    });
  });

  it("failure: the error code, our text and the fallback message; a missing secret is Rocket.Chat's own message", () => {
    expect(toRcExternalAnswer('t1', { error: 'error-timeout', facts: { reason: 'timeout', timeoutMs: 5000 } }, 'fb')).toEqual({
      triggerId: 't1',
      error: 'error-timeout',
      response: 'timeout after 5000 ms',
      fallbackMessage: 'fb',
      success: false,
    });
    expect(toRcExternalAnswer('t1', { error: 'secret-token-not-configured' }, 'fb')).toEqual({
      success: false,
      error: 'Livechat secret token is not configured',
    });
  });

  it('extraData becomes a metadata object, a repeated key keeping its last value', () => {
    expect(
      metadataOf([
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
        { key: 'a', value: '3' },
      ]),
    ).toEqual({ a: '3', b: '2' });
    expect(metadataOf(null)).toBeUndefined();
    expect(metadataOf(undefined)).toBeUndefined();
  });
});
