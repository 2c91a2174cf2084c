import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { TriggerStats as Stats } from '../api-types';
import { ErrorBox } from '../ui';

/** Per-trigger firing counts; reloaded after every save and on demand. */
export function TriggerStats(props: { id: string; version: number | null }) {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    setError(null);
    api<Stats>('GET', `/v1/triggers/${encodeURIComponent(props.id)}/stats`)
      .then(({ body }) => setStats(body))
      .catch(setError);
  }, [props.id, props.version, reload]);
  return (
    <section class="card stats" aria-labelledby="stats-title">
      <h2 id="stats-title">Stats</h2>
      <ErrorBox error={error} />
      {stats && (
        <dl>
          <dt>Fired</dt>
          <dd data-stat="total">{stats.firings.total}</dd>
          <dt>In the last 24 h</dt>
          <dd data-stat="last24h">{stats.firings.last24h}</dd>
          <dt>Unique visitors</dt>
          <dd data-stat="uniqueVisitors">{stats.uniqueVisitors}</dd>
          <dt>Closed by visitors</dt>
          <dd data-stat="dismissals">{stats.dismissals}</dd>
          <dt>Messages by source</dt>
          <dd>
            static {stats.outcomes.static} · external {stats.outcomes.external} · fallback {stats.outcomes.fallback}
          </dd>
        </dl>
      )}
      <button type="button" onClick={() => setReload((n) => n + 1)}>
        Refresh stats
      </button>
    </section>
  );
}
