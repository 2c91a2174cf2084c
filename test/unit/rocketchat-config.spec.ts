import { DEFAULT_LIVECHAT_SETTINGS, normalizeLivechatSettings } from '../../src/livechat-settings/livechat-settings';
import { rocketChatConfigOf } from '../../src/rocketchat-upstream/rocketchat-upstream';
import { expressibleInRocketChat } from '../../src/rocketchat/rc-expressible';
import { localRcConfig, rcGuest, upstreamRcConfig } from '../../src/rocketchat/rocketchat-config.mapper';
import { newVisitor, type Visitor } from '../../src/visitors/model/visitor';

const own = { triggers: [], online: true };
const registered: Visitor = { ...newVisitor('visitor-token-1'), name: 'Ada', email: 'ada@example.com', departmentId: 'dep-1', registeredAt: new Date() };

describe('the Rocket.Chat config mapping', () => {
  it('guest: only a registered visitor, with the keys that are known', () => {
    expect(rcGuest(undefined)).toBeUndefined();
    expect(rcGuest(newVisitor('visitor-token-1'))).toBeUndefined();
    expect(rcGuest({ ...newVisitor('visitor-token-1'), metadata: [{ key: 'plan', value: 'pro' }], name: 'Ann' })).toBeUndefined();
    expect(rcGuest(registered)).toEqual({
      _id: 'visitor-token-1',
      token: 'visitor-token-1',
      name: 'Ada',
      visitorEmails: [{ address: 'ada@example.com' }],
      department: 'dep-1',
    });
    expect(rcGuest({ ...registered, name: null, email: null, departmentId: null })).toEqual({ _id: 'visitor-token-1', token: 'visitor-token-1' });
  });

  it('local: the settings shape the widget, disabled answers enabled: false alone', () => {
    const settings = { ...DEFAULT_LIVECHAT_SETTINGS, title: 'Help', color: '#000000', offlineForm: false, language: 'de' };
    const { config } = localRcConfig(settings, [{ id: 'd1', name: 'Sales', showOnRegistration: false }], { ...own, guest: rcGuest(registered) });
    expect(config).toMatchObject({
      enabled: true,
      theme: { title: 'Help', color: '#000000' },
      settings: { displayOfflineForm: false, registrationForm: true, language: 'de' },
      departments: [{ _id: 'd1', name: 'Sales', showOnRegistration: false, showOnOfflineForm: false, departmentsAllowedToForward: [] }],
      online: true,
      guest: { token: 'visitor-token-1' },
    });
    expect(localRcConfig({ ...DEFAULT_LIVECHAT_SETTINGS, enabled: false }, [], own)).toEqual({ config: { enabled: false }, success: true });
    expect('guest' in localRcConfig(DEFAULT_LIVECHAT_SETTINGS, [], own).config).toBe(false);
  });

  it("upstream: ours replace Rocket.Chat's triggers, online and guest; its room and agent are dropped", () => {
    const upstream = { enabled: true, theme: { title: 'RC' }, triggers: [{ _id: 'theirs' }], online: false, guest: { _id: 'x' }, room: {}, agent: {} };
    expect(upstreamRcConfig(upstream, { triggers: [], online: true })).toEqual({
      config: { enabled: true, theme: { title: 'RC' }, triggers: [], online: true },
      success: true,
    });
    expect(upstreamRcConfig({ enabled: false, theme: {} }, own)).toEqual({ config: { enabled: false }, success: true });
  });

  it("upstream answers are Rocket.Chat's shape or nothing", () => {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    const whole = { enabled: true, settings: {}, theme: {}, messages: {} };
    expect(rocketChatConfigOf(json({ success: true, config: whole }))).toEqual(whole);
    expect(rocketChatConfigOf(json({ success: true, config: { enabled: false } }))).toEqual({ enabled: false });
    for (const bad of [
      { success: false, config: whole },
      { success: true, config: { ...whole, settings: null } },
      { success: true, config: { ...whole, enabled: 'true' } },
      { success: true, config: [] },
      { success: true },
      [whole],
      'text',
      null,
    ]) {
      expect(rocketChatConfigOf(json(bad))).toBeUndefined();
    }
    expect(rocketChatConfigOf(Buffer.from('{"success": tr'))).toBeUndefined();
  });

  it("expressible: every condition one of Rocket.Chat's four", () => {
    expect(expressibleInRocketChat({ conditions: [], frequency: null })).toBe(true);
    expect(
      expressibleInRocketChat({
        conditions: [
          { name: 'page-url', value: '/x' },
          { name: 'time-on-site', value: 5 },
        ],
      } as never),
    ).toBe(true);
    expect(expressibleInRocketChat({ conditions: [{ name: 'visitor-attribute', key: 'plan', op: 'eq', value: 'pro' }] } as never)).toBe(false);
    // its widget would fire a trigger with a frequency on every page
    expect(expressibleInRocketChat({ conditions: [], frequency: { max: 2, per: 'day', cooldownSeconds: 0 } })).toBe(false);
  });
});

describe('the livechat settings as stored', () => {
  it('a missing or invalid field takes its default', () => {
    expect(normalizeLivechatSettings(undefined)).toEqual(DEFAULT_LIVECHAT_SETTINGS);
    expect(normalizeLivechatSettings({ enabled: false, title: ' ', color: 'red', language: 'pt-br', offlineForm: 'no' })).toEqual({
      ...DEFAULT_LIVECHAT_SETTINGS,
      enabled: false,
    });
    expect(normalizeLivechatSettings({ title: 'Help', color: '#00FF00', language: 'pt-BR', registrationForm: false })).toEqual({
      ...DEFAULT_LIVECHAT_SETTINGS,
      title: 'Help',
      color: '#00FF00',
      language: 'pt-BR',
      registrationForm: false,
    });
  });
});
