import { DataSource } from 'typeorm';
import { SenderResolver } from '../../src/senders/sender-resolver.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, nextAgent, patchAgent, putAgent, setRouting } from './agent-queue-fixtures';

describe(`sender resolution (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  let senders: SenderResolver;
  let dept: string;
  const assigned = async (username: string): Promise<number> => (await t.asViewer({ url: `/v1/agents/${username}` })).json().assignedCount;
  const queue = (visitorToken: string, departmentId = dept) => senders.resolve({ sender: 'queue', visitorToken, departmentId });

  beforeAll(async () => {
    t = await startTestApp();
    senders = t.app.get(SenderResolver);
    dept = await createDepartment(t, 'Senders');
    await putAgent(t, 'ann', { name: 'Ann Agent', status: 'online', departmentIds: [dept] });
    await putAgent(t, 'bob', { name: 'Bob Agent', status: 'online', departmentIds: [dept] });
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await setRouting(t, {});
    await patchAgent(t, 'ann', { status: 'online', available: true });
    await patchAgent(t, 'bob', { status: 'online', available: true });
  });

  it("queue: picks the next agent of the visitor's department, then keeps it for that visitor without a new pick", async () => {
    const first = await queue('visitor-sticky-1');
    expect(first).toEqual({ ok: true, sender: { type: 'queue', username: 'ann', name: 'Ann Agent' } });
    const annPicks = await assigned('ann');
    for (let i = 0; i < 3; i++) expect(await queue('visitor-sticky-1')).toEqual(first);
    expect(await assigned('ann')).toBe(annPicks);
    // the queue did not move for the reuses: another visitor gets the next agent
    expect((await queue('visitor-sticky-2')).ok && (await queue('visitor-sticky-2'))).toMatchObject({ sender: { username: 'bob' } });
  });

  it('concurrent first requests of one visitor get one agent and make one pick', async () => {
    const before = (await assigned('ann')) + (await assigned('bob'));
    const results = await Promise.all(Array.from({ length: 6 }, () => queue('visitor-concurrent')));
    const usernames = new Set(results.map((r) => (r.ok ? r.sender.username : r.error)));
    expect(usernames.size).toBe(1);
    expect((await assigned('ann')) + (await assigned('bob'))).toBe(before + 1);
  });

  it('picks anew when the sticky agent goes offline or the hour has passed', async () => {
    const first = await queue('visitor-repick');
    const stuck = first.ok ? first.sender.username! : '';
    const other = stuck === 'ann' ? 'bob' : 'ann';
    await patchAgent(t, stuck, { status: 'offline' });
    expect(await queue('visitor-repick')).toMatchObject({ ok: true, sender: { username: other } });
    await patchAgent(t, stuck, { status: 'online' });
    expect(await queue('visitor-repick')).toMatchObject({ ok: true, sender: { username: other } });

    await t.app
      .get(DataSource)
      .query(`UPDATE visitor_sticky_agents SET assigned_at = now() - interval '61 minutes' WHERE visitor_token = $1`, ['visitor-repick']);
    const picksBefore = (await assigned('ann')) + (await assigned('bob'));
    expect((await queue('visitor-repick')).ok).toBe(true);
    // an expired sticky agent is not reused: that was a new pick
    expect((await assigned('ann')) + (await assigned('bob'))).toBe(picksBefore + 1);
    const picksAfter = picksBefore + 1;
    expect((await queue('visitor-repick')).ok).toBe(true);
    expect((await assigned('ann')) + (await assigned('bob'))).toBe(picksAfter);
  });

  it('the sticky agent must still serve the department asked for', async () => {
    const elsewhere = await createDepartment(t, 'Senders Elsewhere');
    await putAgent(t, 'cy', { name: 'Cy', status: 'online', departmentIds: [elsewhere] });
    expect(await queue('visitor-moves', elsewhere)).toMatchObject({ ok: true, sender: { username: 'cy' } });
    expect(await queue('visitor-moves', dept)).toMatchObject({ ok: true, sender: { type: 'queue' } });
    expect(await queue('visitor-moves', dept)).not.toMatchObject({ sender: { username: 'cy' } });
    await t.asManager({ method: 'DELETE', url: '/v1/agents/cy' });
  });

  it('no agent available: an error result, or the fallback sender with fireWithoutAgent', async () => {
    await patchAgent(t, 'ann', { status: 'offline' });
    await patchAgent(t, 'bob', { available: false });
    expect(await queue('visitor-alone')).toEqual({ ok: false, error: 'no-agent-available' });
    await setRouting(t, { fireWithoutAgent: true, fallbackSenderName: 'Helpdesk' });
    expect(await queue('visitor-alone')).toEqual({ ok: true, sender: { type: 'queue', username: null, name: 'Helpdesk' } });
    const ghost = '00000000-0000-4000-8000-0000000000aa';
    await setRouting(t, {});
    expect(await queue('visitor-ghost-dept', ghost)).toEqual({ ok: false, error: 'no-agent-available' });
  });

  it('custom: the agent profile when the name is an agent username, a display name otherwise; no pick either way', async () => {
    const before = await assigned('bob');
    expect(await senders.resolve({ sender: 'custom', name: 'bob', visitorToken: 'visitor-custom' })).toEqual({
      ok: true,
      sender: { type: 'custom', username: 'bob', name: 'Bob Agent' },
    });
    expect(await senders.resolve({ sender: 'custom', name: 'Sales Bot', visitorToken: 'visitor-custom' })).toEqual({
      ok: true,
      sender: { type: 'custom', username: null, name: 'Sales Bot' },
    });
    expect(await senders.resolve({ sender: 'custom', name: 'nobody', visitorToken: 'visitor-custom' })).toEqual({
      ok: true,
      sender: { type: 'custom', username: null, name: 'nobody' },
    });
    expect(await assigned('bob')).toBe(before);
  });

  it('preview tells who would be picked without picking or remembering', async () => {
    const before = (await assigned('ann')) + (await assigned('bob'));
    const preview = await senders.preview({ sender: 'queue', visitorToken: 'visitor-preview', departmentId: dept });
    expect(preview).toMatchObject({ ok: true, sender: { type: 'queue' } });
    expect((await assigned('ann')) + (await assigned('bob'))).toBe(before);
    const rows = await t.app.get(DataSource).query('SELECT 1 FROM visitor_sticky_agents WHERE visitor_token = $1', ['visitor-preview']);
    expect(rows).toHaveLength(0);
    // the preview named the agent the next pick goes to
    expect(preview.ok && preview.sender.username).toBe(await nextAgent(t, dept));
    await patchAgent(t, 'ann', { available: false });
    await patchAgent(t, 'bob', { available: false });
    expect(await senders.preview({ sender: 'queue', visitorToken: 'visitor-preview', departmentId: dept })).toEqual({
      ok: false,
      error: 'no-agent-available',
    });
  });

  it("deleting an agent removes it as anyone's sticky agent", async () => {
    await putAgent(t, 'temp', { status: 'online' });
    await setRouting(t, { method: 'least-assigned' });
    const picked = await senders.resolve({ sender: 'queue', visitorToken: 'visitor-temp' });
    expect(picked).toMatchObject({ sender: { username: 'temp' } });
    await t.asManager({ method: 'DELETE', url: '/v1/agents/temp' });
    const rows = await t.app.get(DataSource).query('SELECT 1 FROM visitor_sticky_agents WHERE visitor_token = $1', ['visitor-temp']);
    expect(rows).toHaveLength(0);
  });
});
