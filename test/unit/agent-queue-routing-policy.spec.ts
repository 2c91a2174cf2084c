import { isValidUsername } from '../../src/agent-queue/agents/agent';
import { routingCriteria } from '../../src/agent-queue/routing/routing-criteria';
import { afterPick, chooseNextAgent, compareForRouting, isEligible, type RoutingCandidate } from '../support/routing-oracle';

const DEPT = 'd0000000-0000-4000-8000-000000000001';
const agent = (username: string, fields: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  username,
  status: 'online',
  available: true,
  departmentIds: [],
  lastRoutedSeq: null,
  assignedCount: 0,
  ...fields,
});
const roundRobin = routingCriteria({ method: 'round-robin', includeAwayAgents: false });

describe('routing rules: who is available', () => {
  it('needs available and online; away only when the settings include away agents', () => {
    expect(isEligible(agent('a'), roundRobin)).toBe(true);
    expect(isEligible(agent('a', { available: false }), roundRobin)).toBe(false);
    expect(isEligible(agent('a', { status: 'away' }), roundRobin)).toBe(false);
    expect(isEligible(agent('a', { status: 'offline' }), roundRobin)).toBe(false);
    const withAway = routingCriteria({ method: 'round-robin', includeAwayAgents: true });
    expect(isEligible(agent('a', { status: 'away' }), withAway)).toBe(true);
    expect(isEligible(agent('a', { status: 'offline' }), withAway)).toBe(false);
  });

  it('for a department queue, needs membership of that department while it is enabled', () => {
    const criteria = routingCriteria({ method: 'round-robin', includeAwayAgents: false }, DEPT);
    const member = agent('m', { departmentIds: ['other', DEPT] });
    expect(isEligible(member, criteria, { id: DEPT, enabled: true })).toBe(true);
    expect(isEligible(member, criteria, { id: DEPT, enabled: false })).toBe(false);
    expect(isEligible(member, criteria, undefined)).toBe(false);
    expect(isEligible(agent('x', { departmentIds: ['other'] }), criteria, { id: DEPT, enabled: true })).toBe(false);
  });

  it('the general queue ignores departments', () => {
    expect(isEligible(agent('a', { departmentIds: [DEPT] }), roundRobin, { id: DEPT, enabled: false })).toBe(true);
  });
});

describe('routing rules: who is next', () => {
  it('round-robin: never-routed first (by username), then the least recently routed', () => {
    const agents = [agent('carl', { lastRoutedSeq: 5 }), agent('bea', { lastRoutedSeq: 2 }), agent('zoe'), agent('abe')];
    expect(chooseNextAgent(agents, roundRobin)?.username).toBe('abe');
    expect(chooseNextAgent(agents.slice(0, 2), roundRobin)?.username).toBe('bea');
  });

  it('least-assigned: the fewest assignments, ties by username, whatever the recency', () => {
    const criteria = routingCriteria({ method: 'least-assigned', includeAwayAgents: false });
    const agents = [agent('b', { assignedCount: 1, lastRoutedSeq: 1 }), agent('c', { assignedCount: 1 }), agent('a', { assignedCount: 2 })];
    expect(chooseNextAgent(agents, criteria)?.username).toBe('b');
  });

  it('usernames tie-break by code unit (as COLLATE "C"): upper case before lower case', () => {
    expect([agent('b'), agent('B'), agent('a'), agent('_')].sort(compareForRouting('round-robin')).map((a) => a.username)).toEqual(['B', '_', 'a', 'b']);
  });

  it('nobody qualifies: undefined', () => {
    expect(chooseNextAgent([agent('a', { status: 'offline' })], roundRobin)).toBeUndefined();
    expect(chooseNextAgent([], roundRobin)).toBeUndefined();
  });

  it('round-robin over a stable group keeps every agent within one pick of the others', () => {
    let agents = ['d', 'a', 'c', 'b', 'e'].map((u) => agent(u));
    const counts = new Map<string, number>();
    for (let seq = 1; seq <= 23; seq++) {
      const next = chooseNextAgent(agents, roundRobin)!;
      counts.set(next.username, (counts.get(next.username) ?? 0) + 1);
      agents = agents.map((a) => (a === next ? afterPick(a, seq) : a));
      const values = [...counts.values()];
      expect(Math.max(...values) - Math.min(...values, ...(counts.size < 5 ? [0] : []))).toBeLessThanOrEqual(1);
    }
    expect(counts.get('a')).toBe(5);
    expect(counts.get('e')).toBe(4);
  });
});

describe('routing criteria', () => {
  it('route online agents, away ones too when the settings include them, in the department asked for', () => {
    expect(roundRobin).toEqual({ method: 'round-robin', statuses: ['online'] });
    expect(routingCriteria({ method: 'least-assigned', includeAwayAgents: true }, DEPT)).toEqual({
      method: 'least-assigned',
      statuses: ['online', 'away'],
      departmentId: DEPT,
    });
  });
});

describe('usernames', () => {
  it.each(['morgan.lee', 'A_b-9', 'x', 'a'.repeat(64)])('accepts %s', (name) => expect(isValidUsername(name)).toBe(true));
  it.each(['', 'a'.repeat(65), 'has space', 'ümlaut', 'a/b', '.', '..', 'a@b'])('refuses %j', (name) => expect(isValidUsername(name)).toBe(false));
});
