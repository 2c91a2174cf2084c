import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { Schedule, ScheduleStatus, UsedBy } from '../api-types';
import { hoursText } from '../schedule-model';
import { browserTimeZone, formatIn } from '../time-zones';
import { ConfirmDelete, ErrorBox, Link, useSession } from '../ui';
import { schedulesChanged } from '../use-schedules';
import { PagedList } from './paged';

/** A timer longer than this overflows setTimeout; such a change is far enough off not to wait for. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

/** Open or closed now, from the server (it knows the zone's rules); read again when it changes. */
function OpenNow(props: { schedule: Schedule }) {
  const { id, timeZone, version } = props.schedule;
  const [status, setStatus] = useState<ScheduleStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    api<ScheduleStatus>('GET', `/v1/schedules/${id}/status`)
      .then(({ body }) => {
        if (!live) return;
        setStatus(body);
        setError(null);
        const wait = body.nextChangeAt === null ? Infinity : Date.parse(body.nextChangeAt) - Date.now() + 1000;
        if (wait < LONGEST_WAIT_MS) timer = setTimeout(() => setTick((n) => n + 1), Math.max(wait, 1000));
      })
      .catch((caught) => live && setError(caught));
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, version, tick]);

  if (error) return <ErrorBox error={error} />;
  if (!status) return <p class="muted">Checking whether it is open…</p>;
  const next = status.nextChangeAt;
  return (
    <dl class="facts">
      <dt>Open now</dt>
      <dd data-open-now={status.open ? 'yes' : 'no'}>
        <span class={`presence ${status.open ? 'on' : 'off'}`}>{status.open ? 'Yes' : 'No'}</span>
      </dd>
      <dt>{status.open ? 'Closes' : 'Opens'}</dt>
      <dd data-next-change={next ?? ''}>
        {next === null ? (
          'never: it stays like this'
        ) : (
          <>
            <time dateTime={next}>{formatIn(next)}</time> your time ({browserTimeZone()})
            <br />
            {formatIn(next, timeZone)} in {timeZone}
          </>
        )}
      </dd>
    </dl>
  );
}

/** 409 `schedule-in-use`: what still uses it, each with a way to go and change it. */
function InUse(props: { usedBy: UsedBy[] }) {
  return (
    <div class="error-box" role="alert">
      <p>This schedule is still in use, so it was not deleted. Change these first:</p>
      <ul data-used-by>
        {props.usedBy.map((u) => (
          <li>
            {u.type === 'trigger' ? 'Trigger' : 'Department'}{' '}
            <Link href={u.type === 'trigger' ? `/admin/triggers/${u.id}` : '/admin/departments'}>{u.name}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ScheduleRow(props: { schedule: Schedule; onDeleted: () => void }) {
  const { readOnly } = useSession();
  const { schedule } = props;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [usedBy, setUsedBy] = useState<UsedBy[] | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    setUsedBy(null);
    try {
      await api('DELETE', `/v1/schedules/${schedule.id}`, { headers: { 'if-match': `"${schedule.version}"` } });
      schedulesChanged();
      props.onDeleted();
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem?.code === 'schedule-in-use') setUsedBy(caught.problem.usedBy ?? []);
      else setError(caught);
      setConfirming(false);
      setBusy(false);
    }
  };
  return (
    <li class="card trigger-row" data-schedule={schedule.name}>
      <div class="row-main">
        <h2>
          <Link href={`/admin/schedules/${schedule.id}`}>{schedule.name}</Link>
        </h2>
        <p class="meta">
          <span data-zone>{schedule.timeZone}</span>
          <span aria-hidden="true"> · </span>
          {hoursText(schedule)}
        </p>
        <OpenNow schedule={schedule} />
      </div>
      {!readOnly && !confirming && (
        <div class="row-actions">
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      )}
      {confirming && <ConfirmDelete name={schedule.name} busy={busy} onConfirm={() => void remove()} onCancel={() => setConfirming(false)} />}
      {usedBy && <InUse usedBy={usedBy} />}
      <ErrorBox error={error} />
    </li>
  );
}

export function SchedulesPage() {
  const { readOnly } = useSession();
  const [reload, setReload] = useState(0);
  return (
    <PagedList<Schedule>
      title="Schedules"
      path="/v1/schedules?sort=name"
      intro="Opening hours in a time zone. A trigger's “Schedule” rule and a department follow one: a department has no available agent while its schedule is closed."
      empty="No schedules yet."
      refreshOn={reload}
      item={(schedule) => <ScheduleRow key={schedule.id} schedule={schedule} onDeleted={() => setReload((n) => n + 1)} />}
    >
      {!readOnly && (
        <p>
          <Link href="/admin/schedules/new" class="button primary">
            New schedule
          </Link>
        </p>
      )}
    </PagedList>
  );
}
