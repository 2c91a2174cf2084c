import type { Agent, AgentPatch } from '../api-types';
import { ErrorBox, formatDate, useSession } from '../ui';
import { PagedList, usePatched } from './paged';

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

/** Agents as other services sync them; status and availability can be changed here. */
export function AgentsPage() {
  return (
    <PagedList<Agent>
      title="Agents"
      path="/v1/agents"
      intro="Agents are synced by other services (PUT /v1/agents/{username}); here you can see them and change presence."
      empty="No agents yet."
      item={(agent) => <AgentRow key={agent.username} agent={agent} />}
    />
  );
}
