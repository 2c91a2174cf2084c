import type { Agent, AgentPatch, Availability } from '../api-types';
import { ErrorBox, formatDate, useSession } from '../ui';
import { useLiveAvailability } from '../use-live-availability';
import { PagedList, usePatched } from './paged';

/**
 * Who can take a chat now, overall and per enabled department, as the widgets are told it
 * (the stream's `availability` events: it changes without a reload).
 */
function AvailableNow(props: { availability: Availability | null; live: boolean }) {
  const { availability, live } = props;
  return (
    <div class="card" aria-labelledby="available-now-title">
      <h2 id="available-now-title">Available now</h2>
      <div aria-live="polite">
        {availability === null ? (
          <p class="muted">Connecting…</p>
        ) : (
          <>
            <p data-available-now={availability.online ? 'yes' : 'no'}>
              <span class={`presence ${availability.online ? 'on' : 'off'}`}>{availability.online ? 'Yes' : 'No'}</span>{' '}
              {availability.online ? 'At least one agent can take a chat.' : 'No agent can take a chat.'}
            </p>
            {availability.departments.length > 0 && (
              <ul class="presence-list" aria-label="Departments">
                {availability.departments.map((department) => (
                  <li data-department-online={department.name}>
                    <span class={`presence ${department.online ? 'on' : 'off'}`}>{department.online ? 'online' : 'offline'}</span> {department.name}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {availability !== null && !live && <p class="muted">Reconnecting…</p>}
    </div>
  );
}

function AgentRow(props: { agent: Agent }) {
  const { readOnly } = useSession();
  const { value: agent, error, change } = usePatched<Agent, AgentPatch>(props.agent, `/v1/agents/${encodeURIComponent(props.agent.username)}`);
  return (
    <li class="card" data-agent={agent.username}>
      <h2>
        {agent.name} <span class="muted">@{agent.username}</span>
      </h2>
      <p class="meta">
        {agent.email ?? 'no email'} · {agent.departmentIds.length} department(s) · {agent.assignedCount} picks · last routed {formatDate(agent.lastRoutedAt)}
      </p>
      <div class="inline-fields">
        <div class="field">
          <label for={`status-${agent.username}`}>Status</label>
          <select
            id={`status-${agent.username}`}
            value={agent.status}
            disabled={readOnly}
            onChange={(e) => void change({ status: e.currentTarget.value as Agent['status'] })}
          >
            <option value="online">online</option>
            <option value="away">away</option>
            <option value="offline">offline</option>
          </select>
        </div>
        <label class="check">
          <input type="checkbox" checked={agent.available} disabled={readOnly} onChange={(e) => void change({ available: e.currentTarget.checked })} /> Accepts
          chats
        </label>
      </div>
      <ErrorBox error={error} />
    </li>
  );
}

/** Agents as other services sync them; status and availability can be changed here. The list reloads when availability changes. */
export function AgentsPage() {
  const { availability, live } = useLiveAvailability();
  return (
    <PagedList<Agent>
      title="Agents"
      path="/v1/agents"
      intro="Agents are synced by other services (PUT /v1/agents/{username}); here you can see them and change presence."
      empty="No agents yet."
      item={(agent) => <AgentRow key={agent.username} agent={agent} />}
      refreshOn={availability}
    >
      <AvailableNow availability={availability} live={live} />
    </PagedList>
  );
}
