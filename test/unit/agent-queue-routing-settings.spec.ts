import { DEFAULT_ROUTING_SETTINGS, normalizeRoutingSettings } from '../../src/agent-queue/routing/routing-settings';

describe('routing settings as stored', () => {
  it('nothing stored: the defaults (round-robin, no away agents, no firing without agent, "Support", bubble shown)', () => {
    expect(normalizeRoutingSettings(undefined)).toEqual({
      method: 'round-robin',
      includeAwayAgents: false,
      fireWithoutAgent: false,
      fallbackSenderName: 'Support',
      hideWhenOffline: false,
    });
  });

  it('keeps valid stored values; a document stored before hideWhenOffline existed reads it as false', () => {
    const before = { method: 'least-assigned', includeAwayAgents: true, fireWithoutAgent: true, fallbackSenderName: 'Team' };
    expect(normalizeRoutingSettings(before)).toEqual({ ...before, hideWhenOffline: false });
    const stored = { ...before, hideWhenOffline: true };
    expect(normalizeRoutingSettings(stored)).toEqual(stored);
  });

  it('replaces missing or no longer valid fields with their defaults', () => {
    expect(normalizeRoutingSettings({ method: 'random', includeAwayAgents: 'yes', fallbackSenderName: '', hideWhenOffline: 1 })).toEqual(
      DEFAULT_ROUTING_SETTINGS,
    );
    expect(normalizeRoutingSettings('garbage')).toEqual(DEFAULT_ROUTING_SETTINGS);
    expect(normalizeRoutingSettings({ fireWithoutAgent: true, fallbackSenderName: 'x'.repeat(101) })).toEqual({
      ...DEFAULT_ROUTING_SETTINGS,
      fireWithoutAgent: true,
    });
  });
});
