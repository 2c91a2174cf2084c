import { DEFAULT_ROUTING_SETTINGS, normalizeRoutingSettings } from '../../src/agent-queue/routing/routing-settings';

describe('routing settings as stored', () => {
  it('nothing stored: the defaults (round-robin, no away agents, no firing without agent, "Support")', () => {
    expect(normalizeRoutingSettings(undefined)).toEqual({
      method: 'round-robin',
      includeAwayAgents: false,
      fireWithoutAgent: false,
      fallbackSenderName: 'Support',
    });
  });

  it('keeps valid stored values', () => {
    const stored = { method: 'least-assigned', includeAwayAgents: true, fireWithoutAgent: true, fallbackSenderName: 'Team' };
    expect(normalizeRoutingSettings(stored)).toEqual(stored);
  });

  it('replaces missing or no longer valid fields with their defaults', () => {
    expect(normalizeRoutingSettings({ method: 'random', includeAwayAgents: 'yes', fallbackSenderName: '' })).toEqual(DEFAULT_ROUTING_SETTINGS);
    expect(normalizeRoutingSettings('garbage')).toEqual(DEFAULT_ROUTING_SETTINGS);
    expect(normalizeRoutingSettings({ fireWithoutAgent: true, fallbackSenderName: 'x'.repeat(101) })).toEqual({
      ...DEFAULT_ROUTING_SETTINGS,
      fireWithoutAgent: true,
    });
  });
});
