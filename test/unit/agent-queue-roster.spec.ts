import { Roster, type RosterAgent, type RosterDepartment } from '../../src/agent-queue/availability/roster';

const SALES = '00000000-0000-4000-8000-00000000000a';
const SUPPORT = '00000000-0000-4000-8000-00000000000b';
const CLOSED = '00000000-0000-4000-8000-00000000000c';

function department(id: string, name: string, fields: Partial<RosterDepartment> = {}): RosterDepartment {
  return { id, name, enabled: true, showOnRegistration: true, hasMembers: true, ...fields };
}

const departments = [
  department(SUPPORT, 'support'),
  department(SALES, 'Sales'),
  department(CLOSED, 'Archive', { enabled: false }),
  department('00000000-0000-4000-8000-00000000000d', 'Empty', { hasMembers: false }),
];
const agents: RosterAgent[] = [
  { status: 'online', departmentIds: [SALES, CLOSED] },
  { status: 'away', departmentIds: [SUPPORT] },
  { status: 'online', departmentIds: [] },
];

describe('the roster: who may take a chat, counted in memory (DESIGN §4, §12)', () => {
  it('counts online agents, in all and per enabled department; away ones only with includeAwayAgents', () => {
    const strict = new Roster(agents, departments, { includeAwayAgents: false, hideWhenOffline: false });
    expect([strict.count(), strict.count(SALES), strict.count(SUPPORT), strict.count(CLOSED)]).toEqual([2, 1, 0, 0]);
    const lenient = new Roster(agents, departments, { includeAwayAgents: true, hideWhenOffline: false });
    expect([lenient.count(), lenient.count(SALES), lenient.count(SUPPORT), lenient.count(CLOSED)]).toEqual([3, 1, 1, 0]);
  });

  it('reads department ids case-insensitively; an unknown id counts nobody', () => {
    const roster = new Roster(agents, departments, { includeAwayAgents: false, hideWhenOffline: false });
    expect(roster.count(SALES.toUpperCase())).toBe(1);
    expect(roster.count('00000000-0000-4000-8000-0000000000ff')).toBe(0);
  });

  it('answers availability: enabled departments by name case-insensitively, each online when it has an available member', () => {
    const roster = new Roster(agents, departments, { includeAwayAgents: false, hideWhenOffline: true });
    expect(roster.availability()).toEqual({
      online: true,
      hideWhenOffline: true,
      departments: [
        { id: '00000000-0000-4000-8000-00000000000d', name: 'Empty', online: false },
        { id: SALES, name: 'Sales', online: true },
        { id: SUPPORT, name: 'support', online: false },
      ],
    });
    expect(new Roster([], departments, { includeAwayAgents: false, hideWhenOffline: false }).availability().online).toBe(false);
  });

  it("offers Rocket.Chat's departments (enabled, with members) and picks the first registration department with an available agent", () => {
    const roster = new Roster(agents, departments, { includeAwayAgents: true, hideWhenOffline: false });
    expect(roster.offeredDepartments().map((d) => d.name)).toEqual(['Sales', 'support']);
    expect(roster.firstRegistrationDepartment()).toBe(SALES);
    const noSales = new Roster(agents, [department(SALES, 'Sales', { showOnRegistration: false }), department(SUPPORT, 'support')], {
      includeAwayAgents: true,
      hideWhenOffline: false,
    });
    expect(noSales.firstRegistrationDepartment()).toBe(SUPPORT);
    expect(new Roster([], departments, { includeAwayAgents: true, hideWhenOffline: false }).firstRegistrationDepartment()).toBeUndefined();
  });
});
