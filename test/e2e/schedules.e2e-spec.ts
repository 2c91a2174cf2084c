import { customSender, group, pageUrl, rule, sendMessage, timeOnSite } from '../support/builders';
import { type EventStream, openStream } from '../support/event-stream';
import { deleteAllTriggers, upsertAgent, visitorToken } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { usesServer } from '../support/test-database';
import { createDepartment, expectProblem } from './agent-queue-fixtures';
import { createTrigger, errorPaths, UNKNOWN_ID } from './triggers.fixtures';

interface ScheduleJson {
  id: string;
  name: string;
  timeZone: string;
  weekly: { day: string; from: string; to: string }[];
  exceptions: { date: string; windows: { from: string; to: string }[] }[];
  version: number;
}

const ALWAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, from: '00:00', to: '24:00' }));
const WHATEVER_PAGE = 'https://shop.example/pricing';

/** DESIGN §13, §16: schedules, the `schedule` rule, department schedules and trigger active dates. */
describe(`schedules and active dates (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const create = async (body: Record<string, unknown>): Promise<ScheduleJson> => {
    const res = await t.asManager({ method: 'POST', url: '/v1/schedules', payload: body });
    expect(res.statusCode).toBe(201);
    return res.json<ScheduleJson>();
  };
  const status = async (id: string, at: string) => {
    const res = await t.asViewer({ url: `/v1/schedules/${id}/status?at=${encodeURIComponent(at)}` });
    expect(res.statusCode).toBe(200);
    return res.json<{ open: boolean; nextChangeAt: string | null }>();
  };
  const scheduleCount = async () => (await t.asViewer({ url: '/v1/schedules?limit=1' })).json<{ total: number }>().total;
  const fired = async (token: string, event: Record<string, unknown> = { type: 'page-view', url: WHATEVER_PAGE }) => {
    const res = await t.inject({ method: 'POST', url: `/v1/widget/visitors/${token}/events`, payload: event });
    expect(res.statusCode).toBe(200);
    return res.json<{ fired: { triggerId: string }[]; scheduled: { triggerId: string; afterSeconds: number }[] }>();
  };
  const explain = async (payload: Record<string, unknown>) => {
    const res = await t.asViewer({ method: 'POST', url: '/v1/triggers/explain', payload: { type: 'page-view', url: WHATEVER_PAGE, ...payload } });
    expect(res.statusCode).toBe(200);
    return res.json<{
      results: {
        triggerId: string;
        wouldFire: boolean;
        blockedBy?: string;
        afterSeconds?: number;
        reasons: { condition: string; actual: unknown; detail: string }[];
      }[];
    }>().results;
  };
  const hello = (name: string, extra: Record<string, unknown>) => createTrigger(t, { name, actions: [sendMessage('Hello', customSender('Bot'))], ...extra });

  describe('the resource', () => {
    it('creates, reads, lists, replaces and patches, with ETag and If-Match; the zone and the order are kept as sent', async () => {
      const weekly = [
        { day: 'tue', from: '13:00', to: '17:00' },
        { day: 'mon', from: '09:00', to: '12:00' },
        { day: 'mon', from: '12:00', to: '24:00' },
      ];
      const res = await t.asManager({
        method: 'POST',
        url: '/v1/schedules',
        payload: { name: '  Support hours ', timeZone: 'Asia/Kolkata', weekly, exceptions: [{ date: '2026-12-25', windows: [] }] },
      });
      expect(res.statusCode).toBe(201);
      const created = res.json<ScheduleJson>();
      expect(res.headers.location).toBe(`/v1/schedules/${created.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(created).toMatchObject({ name: 'Support hours', timeZone: 'Asia/Kolkata', weekly, exceptions: [{ date: '2026-12-25', windows: [] }], version: 1 });

      // the documented field order, though jsonb stores object keys sorted by length
      expect(Object.keys(created.weekly[0])).toEqual(['day', 'from', 'to']);
      expect(Object.keys(created.exceptions[0])).toEqual(['date', 'windows']);
      const read = await t.asViewer({ url: `/v1/schedules/${created.id.toUpperCase()}` });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(created);

      // PUT resets what it leaves out; a stale If-Match changes nothing
      const stale = await t.asManager({
        method: 'PUT',
        url: `/v1/schedules/${created.id}`,
        headers: { 'if-match': '"7"' },
        payload: { name: 'x', timeZone: 'UTC' },
      });
      expectProblem(stale, 412, 'version-mismatch');
      const replaced = await t.asManager({
        method: 'PUT',
        url: `/v1/schedules/${created.id}`,
        headers: { 'if-match': '"1"' },
        payload: { name: 'Support hours', timeZone: 'Europe/Berlin' },
      });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.headers.etag).toBe('"2"');
      expect(replaced.json()).toMatchObject({ timeZone: 'Europe/Berlin', weekly: [], exceptions: [], version: 2 });

      const patched = await t.asManager({ method: 'PATCH', url: `/v1/schedules/${created.id}`, payload: { weekly: weekly.slice(0, 1) } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ name: 'Support hours', timeZone: 'Europe/Berlin', weekly: weekly.slice(0, 1), version: 3 });

      await create({ name: 'holiday desk', timeZone: 'America/New_York' });
      const list = await t.asViewer({ url: '/v1/schedules?q=desk' });
      expect(list.json<{ items: ScheduleJson[]; total: number }>().items.map((s) => s.name)).toEqual(['holiday desk']);
      const sorted = await t.asViewer({ url: '/v1/schedules?sort=-name' });
      const names = sorted.json<{ items: ScheduleJson[] }>().items.map((s) => s.name.toLowerCase());
      expect(names).toEqual([...names].sort().reverse());
    });

    it('409 for a taken name (ignoring case), 404 for unknown or malformed ids', async () => {
      await create({ name: 'Night shift', timeZone: 'UTC' });
      expectProblem(await t.asManager({ method: 'POST', url: '/v1/schedules', payload: { name: 'NIGHT SHIFT', timeZone: 'UTC' } }), 409, 'schedule-name-taken');
      expectProblem(await t.asViewer({ url: `/v1/schedules/${UNKNOWN_ID}` }), 404, 'not-found');
      expectProblem(await t.asViewer({ url: '/v1/schedules/not-a-uuid/status' }), 404, 'not-found');
      expectProblem(await t.asManager({ method: 'PATCH', url: `/v1/schedules/${UNKNOWN_ID}`, payload: { name: 'x' } }), 404, 'not-found');
      expectProblem(await t.asManager({ method: 'DELETE', url: `/v1/schedules/${UNKNOWN_ID}` }), 404, 'not-found');
    });

    it('refuses bad hours with every problem at its path and saves nothing', async () => {
      const before = await scheduleCount();
      const bad = async (payload: Record<string, unknown>, paths: string[]) => {
        const res = await t.asManager({ method: 'POST', url: '/v1/schedules', payload: { name: 'bad', timeZone: 'UTC', ...payload } });
        expect(errorPaths(expectProblem(res, 400, 'validation-failed'))).toEqual(expect.arrayContaining(paths));
      };
      await bad({ timeZone: 'Mars/Olympus' }, ['timeZone']);
      await bad({ timeZone: '+02:00' }, ['timeZone']);
      await bad({ weekly: [{ day: 'mon', from: '25:00', to: '26:00' }] }, ['weekly[0].from', 'weekly[0].to']);
      await bad({ weekly: [{ day: 'mon', from: '10:00', to: '10:00' }] }, ['weekly[0].from']);
      await bad(
        {
          weekly: [
            { day: 'fri', from: '09:00', to: '12:00' },
            { day: 'fri', from: '11:00', to: '13:00' },
          ],
        },
        ['weekly[1]'],
      );
      await bad({ weekly: [{ day: 'someday', from: '09:00', to: '12:00', extra: 1 }] }, ['weekly[0].day', 'weekly[0].extra']);
      await bad(
        {
          exceptions: [
            { date: '2026-12-24', windows: [] },
            { date: '2026-12-24', windows: [] },
          ],
        },
        ['exceptions[1].date'],
      );
      await bad({ exceptions: [{ date: '2026-02-30', windows: [] }] }, ['exceptions[0].date']);
      await bad({ exceptions: [{ date: '2026-12-31', windows: Array.from({ length: 11 }, (_, i) => ({ from: `0${i % 10}:00`, to: `0${i % 10}:30` })) }] }, [
        'exceptions[0].windows',
      ]);
      await bad({ weekly: Array.from({ length: 51 }, () => ({ day: 'mon', from: '00:00', to: '00:01' })) }, ['weekly']);
      const unknownField = await t.asManager({ method: 'POST', url: '/v1/schedules', payload: { name: 'bad', timeZone: 'UTC', color: 'red' } });
      expectProblem(unknownField, 400, 'validation-failed');
      expect(await scheduleCount()).toBe(before);
    });
  });

  describe('status at a moment', () => {
    it('follows local wall-clock windows across daylight-saving changes', async () => {
      // Sunday 2026-03-29 in Berlin: 02:00 → 03:00. 02:30 does not exist: it moves to the jump (01:00Z)
      const berlin = await create({ name: 'Berlin Sunday', timeZone: 'Europe/Berlin', weekly: [{ day: 'sun', from: '02:30', to: '04:00' }] });
      expect(await status(berlin.id, '2026-03-29T00:59:00Z')).toEqual({ open: false, nextChangeAt: '2026-03-29T01:00:00.000Z' });
      expect(await status(berlin.id, '2026-03-29T03:00:00+02:00')).toEqual({ open: true, nextChangeAt: '2026-03-29T02:00:00.000Z' });
      // Sunday 2026-10-25: 03:00 → 02:00; 02:30 happens twice and opens at the earlier one (00:30Z)
      expect(await status(berlin.id, '2026-10-25T00:29:00Z')).toEqual({ open: false, nextChangeAt: '2026-10-25T00:30:00.000Z' });
      expect(await status(berlin.id, '2026-10-25T01:45:00Z')).toEqual({ open: true, nextChangeAt: '2026-10-25T03:00:00.000Z' });

      // New York, Sunday 2026-03-08, a window to 24:00: midnight is 04:00Z the next day (EDT)
      const newYork = await create({ name: 'NY Sunday', timeZone: 'America/New_York', weekly: [{ day: 'sun', from: '01:00', to: '24:00' }] });
      expect(await status(newYork.id, '2026-03-08T05:59:00Z')).toEqual({ open: false, nextChangeAt: '2026-03-08T06:00:00.000Z' });
      expect(await status(newYork.id, '2026-03-08T12:00:00Z')).toEqual({ open: true, nextChangeAt: '2026-03-09T04:00:00.000Z' });
    });

    it('an exception replaces the date; a schedule that never changes has nextChangeAt null; at needs a zone', async () => {
      const always = await create({ name: 'Always', timeZone: 'UTC', weekly: ALWAYS });
      expect(await status(always.id, '2026-06-01T10:00:00Z')).toEqual({ open: true, nextChangeAt: null });
      await t.asManager({
        method: 'PATCH',
        url: `/v1/schedules/${always.id}`,
        payload: { exceptions: [{ date: '2026-06-03', windows: [{ from: '10:00', to: '11:00' }] }] },
      });
      expect(await status(always.id, '2026-06-01T10:00:00Z')).toEqual({ open: true, nextChangeAt: '2026-06-03T00:00:00.000Z' });
      expect(await status(always.id, '2026-06-03T09:00:00Z')).toEqual({ open: false, nextChangeAt: '2026-06-03T10:00:00.000Z' });
      const never = await create({ name: 'Never', timeZone: 'UTC' });
      expect(await status(never.id, '2026-06-01T10:00:00Z')).toEqual({ open: false, nextChangeAt: null });
      expectProblem(await t.asViewer({ url: `/v1/schedules/${never.id}/status?at=2026-06-01T10:00:00` }), 400, 'validation-failed');
      expectProblem(await t.asViewer({ url: `/v1/schedules/${never.id}/status?at=yesterday` }), 400, 'validation-failed');
      const now = await t.asViewer({ url: `/v1/schedules/${always.id}/status` });
      expect(now.json()).toMatchObject({ open: expect.any(Boolean) });
    });
  });

  describe('in use', () => {
    it('409 schedule-in-use names departments and triggers (disabled too), sorted by type then name; GET /v1/triggers?scheduleId= finds them', async () => {
      const hours = await create({ name: 'Used hours', timeZone: 'UTC', weekly: ALWAYS });
      const zulu = await hello('zulu', { enabled: false, conditions: [group('any', rule('schedule', 'eq', 'open', { key: hours.id.toUpperCase() }))] });
      const alpha = await hello('Alpha', { conditions: [pageUrl('.*'), rule('schedule', 'eq', 'closed', { key: hours.id })] });
      const sales = await createDepartment(t, 'Scheduled sales', { scheduleId: hours.id });

      const refused = await t.asManager({ method: 'DELETE', url: `/v1/schedules/${hours.id}` });
      const problem = expectProblem(refused, 409, 'schedule-in-use') as unknown as { usedBy: unknown[] };
      expect(problem.usedBy).toEqual([
        { type: 'department', id: sales, name: 'Scheduled sales' },
        { type: 'trigger', id: alpha.id, name: 'Alpha' },
        { type: 'trigger', id: zulu.id, name: 'zulu' },
      ]);
      const listed = await t.asViewer({ url: `/v1/triggers?scheduleId=${hours.id}` });
      expect(listed.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([alpha.id, zulu.id]);

      await t.asManager({ method: 'PATCH', url: `/v1/departments/${sales}`, payload: { scheduleId: null } });
      await deleteAllTriggers(t);
      expect((await t.asManager({ method: 'DELETE', url: `/v1/schedules/${hours.id}` })).statusCode).toBe(204);
      expectProblem(await t.asViewer({ url: `/v1/schedules/${hours.id}` }), 404, 'not-found');
    });

    it('an unknown schedule id in a rule or a department is 400 at its path', async () => {
      const res = await t.asManager({
        method: 'POST',
        url: '/v1/triggers',
        payload: { name: 'unknown schedule', conditions: [rule('schedule', 'eq', 'open', { key: UNKNOWN_ID })], actions: [sendMessage('Hi')] },
      });
      expect(errorPaths(expectProblem(res, 400, 'validation-failed'))).toEqual(['conditions[0].key']);
      const bad = await t.asManager({
        method: 'POST',
        url: '/v1/triggers',
        payload: { name: 'bad value', conditions: [rule('schedule', 'eq', 'maybe', { key: UNKNOWN_ID })], actions: [sendMessage('Hi')] },
      });
      expect(errorPaths(expectProblem(bad, 400, 'validation-failed'))).toEqual(['conditions[0].value']);
      const department = await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: 'Ghost hours', scheduleId: UNKNOWN_ID } });
      expect(errorPaths(expectProblem(department, 400, 'validation-failed'))).toEqual(['scheduleId']);
    });
  });

  describe('evaluation', () => {
    afterEach(() => deleteAllTriggers(t));

    it('the schedule rule reads the schedule now; explain shows open/closed, the next change, and moves with at', async () => {
      const open = await create({ name: 'Open now', timeZone: 'UTC', weekly: ALWAYS });
      const closed = await create({ name: 'Closed now', timeZone: 'Europe/Berlin' });
      const whenOpen = await hello('when open', { conditions: [pageUrl('.*'), rule('schedule', 'eq', 'open', { key: open.id })] });
      const whenClosed = await hello('when closed', { conditions: [pageUrl('.*'), rule('schedule', 'eq', 'closed', { key: closed.id })] });
      const neverFires = await hello('never', { conditions: [pageUrl('.*'), rule('schedule', 'eq', 'open', { key: closed.id })] });
      const answer = await fired(visitorToken());
      expect(answer.fired.map((f) => f.triggerId).sort()).toEqual([whenOpen.id, whenClosed.id].sort());
      expect(answer.fired.map((f) => f.triggerId)).not.toContain(neverFires.id);

      const weekdays = await create({
        name: 'Weekdays',
        timeZone: 'Europe/Berlin',
        weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, from: '09:00', to: '17:00' })),
      });
      const office = await hello('office', { conditions: [rule('schedule', 'eq', 'open', { key: weekdays.id })] });
      const atNine = (await explain({ at: '2026-03-30T09:00:00+02:00' })).find((r) => r.triggerId === office.id)!;
      expect(atNine.wouldFire).toBe(true);
      expect(atNine.reasons[0]).toMatchObject({ condition: 'schedule', actual: 'open' });
      expect(atNine.reasons[0].detail).toContain('2026-03-30T15:00:00.000Z');
      const saturday = (await explain({ at: '2026-03-28T12:00:00Z' })).find((r) => r.triggerId === office.id)!;
      expect(saturday).toMatchObject({ wouldFire: false, reasons: [{ condition: 'schedule', actual: 'closed' }] });
      expect(saturday.reasons[0].detail).toContain('2026-03-30T07:00:00.000Z');
      expectProblem(
        await t.asViewer({ method: 'POST', url: '/v1/triggers/explain', payload: { type: 'page-view', url: WHATEVER_PAGE, at: '2026-03-28 12:00' } }),
        400,
        'validation-failed',
      );
    });

    it('activeFrom/activeUntil: answered in UTC, half-open, blockedBy inactive (after disabled), refused when empty or without an offset', async () => {
      const campaign = await hello('campaign', {
        conditions: [pageUrl('.*')],
        activeFrom: '2026-12-01T00:00:00+01:00',
        activeUntil: '2027-01-01T00:00:00+01:00',
      });
      expect(campaign).toMatchObject({ activeFrom: '2026-11-30T23:00:00.000Z', activeUntil: '2026-12-31T23:00:00.000Z' });
      const result = async (at: string) => (await explain({ at })).find((r) => r.triggerId === campaign.id)!;
      expect(await result('2026-11-30T22:59:59Z')).toMatchObject({ wouldFire: false, blockedBy: 'inactive' });
      expect(await result('2026-11-30T23:00:00Z')).toMatchObject({ wouldFire: true });
      expect(await result('2026-12-31T22:59:59.999Z')).toMatchObject({ wouldFire: true });
      expect(await result('2026-12-31T23:00:00Z')).toMatchObject({ wouldFire: false, blockedBy: 'inactive' });
      await t.asManager({ method: 'PATCH', url: `/v1/triggers/${campaign.id}`, payload: { enabled: false } });
      expect(await result('2027-06-01T00:00:00Z')).toMatchObject({ blockedBy: 'disabled' });

      const body = (extra: Record<string, unknown>) => ({ name: `span ${Math.random()}`, conditions: [pageUrl('.*')], actions: [sendMessage('Hi')], ...extra });
      const refuse = async (extra: Record<string, unknown>, paths: string[]) => {
        const res = await t.asManager({ method: 'POST', url: '/v1/triggers', payload: body(extra) });
        expect(errorPaths(expectProblem(res, 400, 'validation-failed'))).toEqual(paths);
      };
      await refuse({ activeFrom: '2026-12-01T00:00:00Z', activeUntil: '2026-12-01T01:00:00+01:00' }, ['activeUntil']);
      await refuse({ activeFrom: '2026-12-01T00:00:00' }, ['activeFrom']);
      await refuse({ activeUntil: '2026-02-30T00:00:00Z' }, ['activeUntil']);
      // PATCH checks the merged trigger; null clears an end
      const res = await t.asManager({ method: 'PATCH', url: `/v1/triggers/${campaign.id}`, payload: { activeFrom: '2027-01-01T00:00:00Z' } });
      expect(errorPaths(expectProblem(res, 400, 'validation-failed'))).toEqual(['activeUntil']);
      const cleared = await t.asManager({ method: 'PATCH', url: `/v1/triggers/${campaign.id}`, payload: { activeUntil: null } });
      expect(cleared.json()).toMatchObject({ activeFrom: '2026-11-30T23:00:00.000Z', activeUntil: null });
      // PUT resets both to null when left out
      const replaced = await t.asManager({ method: 'PUT', url: `/v1/triggers/${campaign.id}`, payload: body({}) });
      expect(replaced.json()).toMatchObject({ activeFrom: null, activeUntil: null });
    });

    it('an event outside the span fires nothing; scheduled lists a trigger only if its span still holds when the wait ends', async () => {
      const now = Date.now();
      const past = await hello('ended', { conditions: [pageUrl('.*')], activeUntil: new Date(now - 60_000).toISOString() });
      const ending = await hello('ends soon', { conditions: [timeOnSite(120)], activeUntil: new Date(now + 60_000).toISOString() });
      const lasting = await hello('lasts', { conditions: [timeOnSite(120)], activeUntil: new Date(now + 3_600_000).toISOString() });
      const answer = await fired(visitorToken());
      expect(answer.fired.map((f) => f.triggerId)).not.toContain(past.id);
      expect(answer.scheduled.map((s) => s.triggerId)).toEqual([lasting.id]);
      expect(answer.scheduled.map((s) => s.triggerId)).not.toContain(ending.id);
    });
  });

  describe('departments', () => {
    it('a closed department counts no agents: the rule, availability, Rocket.Chat online and picks for it; counts without it do not care', async () => {
      const closed = await create({ name: 'Closed desk hours', timeZone: 'UTC' });
      const department = await createDepartment(t, 'After hours desk', { scheduleId: closed.id });
      await upsertAgent(t, 'night.owl', { name: 'Night Owl', status: 'online', available: true });
      await t.asManager({ method: 'PUT', url: `/v1/departments/${department}/agents`, payload: { usernames: ['night.owl'] } });

      const availability = (await t.inject({ url: '/v1/widget/availability' })).json<{ online: boolean; departments: { id: string; online: boolean }[] }>();
      expect(availability.online).toBe(true);
      expect(availability.departments.find((d) => d.id === department)).toMatchObject({ online: false });

      const inDepartment = await hello('desk staffed', { conditions: [rule('agents-available', 'gte', 1, { key: department })] });
      const anywhere = await hello('anyone', { conditions: [rule('agents-available', 'gte', 1)] });
      const results = await explain({});
      expect(results.find((r) => r.triggerId === inDepartment.id)).toMatchObject({ wouldFire: false, reasons: [{ actual: 0 }] });
      expect(results.find((r) => r.triggerId === anywhere.id)).toMatchObject({ wouldFire: true });

      expectProblem(await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: { departmentId: department } }), 404, 'no-agent-available');
      const rc = await t.inject({ url: `/api/v1/livechat/config?department=${department}` });
      expect(rc.json<{ config: { online: boolean } }>().config.online).toBe(false);

      // opening the department's schedule makes its agent count again, at once on this instance
      await t.asManager({ method: 'PATCH', url: `/v1/schedules/${closed.id}`, payload: { weekly: ALWAYS } });
      const reopened = (await t.inject({ url: '/v1/widget/availability' })).json<{ departments: { id: string; online: boolean }[] }>();
      expect(reopened.departments.find((d) => d.id === department)).toMatchObject({ online: true });
      const picked = await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: { departmentId: department } });
      expect(picked.json<{ agent: { username: string } }>().agent.username).toBe('night.owl');
      await deleteAllTriggers(t);
    });

    it('the stream pushes availability when a department schedule opens, without any write (within 2 s of the boundary)', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.getHttpServer().address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      // opens at the next whole minute (UTC), for the rest of the day
      const boundary = new Date(Math.ceil((Date.now() + 1000) / 60_000) * 60_000);
      const hhmm = boundary.toISOString().slice(11, 16);
      const today = boundary.toISOString().slice(0, 10);
      const windows = hhmm === '00:00' ? [{ from: '00:00', to: '24:00' }] : [{ from: hhmm, to: '24:00' }];
      const schedule = await create({ name: 'Opens at the next minute', timeZone: 'UTC', exceptions: [{ date: today, windows }] });
      const department = await createDepartment(t, 'Minute desk', { scheduleId: schedule.id });
      await upsertAgent(t, 'minute.agent', { name: 'Minute Agent', status: 'online', available: true });
      await t.asManager({ method: 'PUT', url: `/v1/departments/${department}/agents`, payload: { usernames: ['minute.agent'] } });

      const onlineIn = (data: string) =>
        (JSON.parse(data) as { departments: { id: string; online: boolean }[] }).departments.find((d) => d.id === department)?.online;
      let stream: EventStream | undefined;
      try {
        stream = await openStream(`${base}/v1/widget/stream`);
        await stream.next('availability', (data) => onlineIn(data) === false);
        const opened = await stream.next('availability', (data) => onlineIn(data) === true, boundary.getTime() - Date.now() + 5000);
        const lateMs = Date.now() - (performance.now() - opened.at) - boundary.getTime();
        expect(lateMs).toBeLessThan(2000);
        expect(lateMs).toBeGreaterThanOrEqual(-50);
      } finally {
        stream?.close();
      }
    }, 75_000);
  });
});

const twoInstances = usesServer() ? describe : describe.skip;

twoInstances('schedules across two instances (PostgreSQL server)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const firedOn = async (t: TestApp, token: string) => {
    const res = await t.inject({ method: 'POST', url: `/v1/widget/visitors/${token}/events`, payload: { type: 'page-view', url: WHATEVER_PAGE } });
    return res.json<{ fired: { triggerId: string }[] }>().fired.map((f) => f.triggerId);
  };
  const within = async (ms: number, check: () => Promise<boolean>) => {
    const started = performance.now();
    while (performance.now() - started < ms) if (await check()) return performance.now() - started;
    return undefined;
  };

  it('a schedule edited on one instance: the other fires by the new hours within 1 s, and its department counts follow', async () => {
    const created = await a.asManager({ method: 'POST', url: '/v1/schedules', payload: { name: 'Shared hours', timeZone: 'UTC' } });
    const schedule = created.json<ScheduleJson>();
    const trigger = await createTrigger(a, {
      name: 'open across instances',
      conditions: [rule('schedule', 'eq', 'open', { key: schedule.id })],
      actions: [sendMessage('Hello', customSender('Bot'))],
    });
    const department = await createDepartment(a, 'Shared desk', { scheduleId: schedule.id });
    await upsertAgent(a, 'shared.agent', { name: 'Shared Agent', status: 'online', available: true });
    await a.asManager({ method: 'PUT', url: `/v1/departments/${department}/agents`, payload: { usernames: ['shared.agent'] } });
    const departmentOnline = async () =>
      (await b.inject({ url: '/v1/widget/availability' }))
        .json<{ departments: { id: string; online: boolean }[] }>()
        .departments.find((d) => d.id === department)?.online;
    expect(await firedOn(b, visitorToken())).not.toContain(trigger.id);
    expect(await departmentOnline()).toBe(false);

    await a.asManager({ method: 'PATCH', url: `/v1/schedules/${schedule.id}`, payload: { weekly: ALWAYS } });
    const fires = await within(1000, async () => (await firedOn(b, visitorToken())).includes(trigger.id));
    expect(fires).toBeDefined();
    expect(await within(1000, async () => (await departmentOnline()) === true)).toBeDefined();
  });
});
