import { checkVisitorEvent } from '../../src/widget/model/visitor-event';

const ok = { type: 'page-view', url: 'https://shop.example/' };
const paths = (body: unknown) => {
  const check = checkVisitorEvent(body);
  return check.ok ? [] : check.errors.map((e) => e.path);
};

describe('checkVisitorEvent', () => {
  it('accepts the four event types with and without the optional fields, as sent', () => {
    for (const type of ['page-view', 'time-on-site', 'chat-opened', 'guest-registered'])
      expect(checkVisitorEvent({ ...ok, type })).toEqual({ ok: true, event: { ...ok, type } });
    const full = { ...ok, timeOnSiteSeconds: 0, metadata: { plan: 'pro' } };
    expect(checkVisitorEvent(full)).toEqual({ ok: true, event: full });
    expect(checkVisitorEvent({ ...ok, timeOnSiteSeconds: 86_400 }).ok).toBe(true);
    expect(checkVisitorEvent({ ...ok, url: `https://x/${'a'.repeat(2048 - 10)}` }).ok).toBe(true);
  });

  it.each([
    [null, ['(body)']],
    [[ok], ['(body)']],
    ['page-view', ['(body)']],
    [{}, ['type', 'url']],
    [{ ...ok, type: 'page-leave' }, ['type']],
    [{ ...ok, type: ['page-view'] }, ['type']],
    [{ ...ok, url: '' }, ['url']],
    [{ ...ok, url: 42 }, ['url']],
    [{ ...ok, url: `https://x/${'a'.repeat(2048)}` }, ['url']],
    [{ ...ok, timeOnSiteSeconds: -1 }, ['timeOnSiteSeconds']],
    [{ ...ok, timeOnSiteSeconds: 1.5 }, ['timeOnSiteSeconds']],
    [{ ...ok, timeOnSiteSeconds: '12' }, ['timeOnSiteSeconds']],
    [{ ...ok, timeOnSiteSeconds: null }, ['timeOnSiteSeconds']],
    [{ ...ok, timeOnSiteSeconds: 86_401 }, ['timeOnSiteSeconds']],
    [{ ...ok, metadata: 'plan=pro' }, ['metadata']],
    [{ ...ok, metadata: null }, ['metadata']],
    [{ ...ok, metadata: { plan: 5 } }, ['metadata']],
    [{ ...ok, metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, ['metadata']],
    [{ ...ok, extra: true, more: 1 }, ['extra', 'more']],
    [{ type: 'nope', url: 1, timeOnSiteSeconds: -5, metadata: [], extra: 0 }, ['extra', 'type', 'url', 'timeOnSiteSeconds', 'metadata']],
  ])('refuses %j, naming %j', (body, expected) => {
    expect(paths(body)).toEqual(expected);
  });
});
