import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { SortField } from '../api-constants';
import type { Trigger, TriggerList as TriggerPage } from '../api-types';
import { conditionText } from '../condition-model';
import { frequencyText } from '../trigger-model';
import { ConfirmDelete, ErrorBox, formatDate, Link, useSession } from '../ui';
import { useDepartments } from '../use-departments';
import { useSchedules } from '../use-schedules';

const SORTS: readonly (readonly [SortField | `-${SortField}`, string])[] = [
  ['name', 'Name (A–Z)'],
  ['-name', 'Name (Z–A)'],
  ['priority', 'Priority (first fires first)'],
  ['-priority', 'Priority (last first)'],
  ['-updatedAt', 'Recently updated'],
  ['updatedAt', 'Least recently updated'],
  ['-createdAt', 'Newest'],
  ['createdAt', 'Oldest'],
];
const PAGE_SIZE = 20;

/** The active span in the browser's local time (the form shows it so too). */
function activeSpanText(trigger: Trigger): string {
  const from = trigger.activeFrom ? `from ${formatDate(trigger.activeFrom)}` : '';
  const until = trigger.activeUntil ? `until ${formatDate(trigger.activeUntil)}` : '';
  return `active ${[from, until].filter(Boolean).join(' ')}`;
}

function howOftenText(trigger: Trigger): string {
  if (trigger.runOnce) return 'runs once per visitor';
  return trigger.frequency ? frequencyText(trigger.frequency) : 'recurring';
}

/** Schedule and department names by lower-case id, for the rules' keys in each row's summary. */
function useNames(): ReadonlyMap<string, string> {
  const schedules = useSchedules();
  const departments = useDepartments();
  return new Map([...(schedules ?? []), ...(departments ?? [])].map(({ id, name }) => [id.toLowerCase(), name]));
}

function TriggerRow(props: { trigger: Trigger; names: ReadonlyMap<string, string>; onChanged: () => void }) {
  const { readOnly } = useSession();
  const [trigger, setTrigger] = useState(props.trigger);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setTrigger(props.trigger), [props.trigger]);

  const toggle = async () => {
    const before = trigger;
    // shown at once (a controlled checkbox would otherwise flip back while the request runs)
    setTrigger({ ...trigger, enabled: !trigger.enabled });
    setBusy(true);
    setError(null);
    try {
      const { body } = await api<Trigger>('PATCH', `/v1/triggers/${trigger.id}`, { body: { enabled: !before.enabled } });
      setTrigger(body);
    } catch (caught) {
      setTrigger(before);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', `/v1/triggers/${trigger.id}`, { headers: { 'if-match': `"${trigger.version}"` } });
      props.onChanged();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const sep = <span aria-hidden="true"> · </span>;
  return (
    <li class="card trigger-row" data-trigger-name={trigger.name}>
      <div class="row-main">
        <h2>
          <Link href={`/admin/triggers/${trigger.id}`}>{trigger.name}</Link>
        </h2>
        {trigger.description && <p class="muted">{trigger.description}</p>}
        <p class="meta">
          priority {trigger.priority}
          {sep}
          match {trigger.match}
          {sep}
          {howOftenText(trigger)}
          {sep}
          {(trigger.activeFrom || trigger.activeUntil) && (
            <>
              {activeSpanText(trigger)}
              {sep}
            </>
          )}
          {trigger.conditions.map((condition) => conditionText(condition, props.names)).join(trigger.match === 'all' ? ' and ' : ' or ')}
        </p>
      </div>
      <div class="row-actions">
        <label class="switch">
          <input type="checkbox" checked={trigger.enabled} disabled={readOnly || busy} onChange={() => void toggle()} aria-label={`Enabled: ${trigger.name}`} />
          <span>{trigger.enabled ? 'Enabled' : 'Disabled'}</span>
        </label>
        {!readOnly && !confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {confirming && <ConfirmDelete name={trigger.name} busy={busy} onConfirm={() => void remove()} onCancel={() => setConfirming(false)} />}
      <ErrorBox error={error} />
    </li>
  );
}

export function TriggerList() {
  const { readOnly } = useSession();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [enabled, setEnabled] = useState('');
  const [sort, setSort] = useState('name');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<TriggerPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const names = useNames();

  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(q.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  useEffect(() => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset), sort });
    if (query) params.set('q', query);
    if (enabled) params.set('enabled', enabled);
    let current = true;
    setError(null);
    api<TriggerPage>('GET', `/v1/triggers?${params}`)
      .then(({ body }) => current && setPage(body))
      .catch((caught) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [query, enabled, sort, offset, reload]);

  return (
    <section>
      <div class="title-row">
        <h1>Triggers</h1>
        {!readOnly && (
          <Link href="/admin/triggers/new" class="button primary">
            New trigger
          </Link>
        )}
      </div>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="trigger-search">Search by name</label>
          <input id="trigger-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="trigger-enabled">Show</label>
          <select id="trigger-enabled" value={enabled} onChange={(e) => (setEnabled(e.currentTarget.value), setOffset(0))}>
            <option value="">All triggers</option>
            <option value="true">Enabled only</option>
            <option value="false">Disabled only</option>
          </select>
        </div>
        <div class="field">
          <label for="trigger-sort">Sort by</label>
          <select id="trigger-sort" value={sort} onChange={(e) => (setSort(e.currentTarget.value), setOffset(0))}>
            {SORTS.map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBox error={error} />
      {page && page.items.length === 0 && <p class="muted">No triggers{query || enabled ? ' match these filters' : ' yet'}.</p>}
      {page && page.items.length > 0 && (
        <>
          <ul class="cards" aria-label="Triggers">
            {page.items.map((trigger) => (
              <TriggerRow key={trigger.id} trigger={trigger} names={names} onChanged={() => setReload((n) => n + 1)} />
            ))}
          </ul>
          <nav class="pager" aria-label="Pages">
            <button type="button" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, page.offset - PAGE_SIZE))}>
              Previous
            </button>
            <span aria-live="polite">
              {page.offset + 1}–{page.offset + page.items.length} of {page.total}
            </span>
            <button type="button" disabled={page.offset + page.items.length >= page.total} onClick={() => setOffset(page.offset + PAGE_SIZE)}>
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
