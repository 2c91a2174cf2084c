import type { Department, DepartmentPatch } from '../api-types';
import { ErrorBox, useSession } from '../ui';
import { scheduleOptions, useSchedules } from '../use-schedules';
import { PagedList, usePatched } from './paged';

function DepartmentRow(props: { department: Department }) {
  const { readOnly } = useSession();
  const { value: department, error, change } = usePatched<Department, DepartmentPatch>(props.department, `/v1/departments/${props.department.id}`);
  const schedules = useSchedules();
  return (
    <li class="card" data-department={department.name}>
      <h2>{department.name}</h2>
      <p class="meta">
        id <code>{department.id}</code> · members: {department.usernames.length ? department.usernames.join(', ') : 'none'}
      </p>
      <div class="inline-fields">
        <div class="field">
          <label for={`schedule-${department.id}`}>Schedule</label>
          <select
            id={`schedule-${department.id}`}
            aria-describedby={`schedule-${department.id}-hint`}
            value={department.scheduleId ?? ''}
            disabled={readOnly || schedules === null}
            onChange={(e) => void change({ scheduleId: e.currentTarget.value || null })}
          >
            <option value="">None (always open)</option>
            {scheduleOptions(schedules ?? [], department.scheduleId).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
          <span id={`schedule-${department.id}-hint`} class="field-msg hint">
            While it is closed, no agent here counts as available.
          </span>
        </div>
        <label class="check">
          <input type="checkbox" checked={department.enabled} disabled={readOnly} onChange={(e) => void change({ enabled: e.currentTarget.checked })} /> Enabled
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={department.showOnRegistration}
            disabled={readOnly}
            onChange={(e) => void change({ showOnRegistration: e.currentTarget.checked })}
          />{' '}
          Offered on registration
        </label>
      </div>
      <ErrorBox error={error} />
    </li>
  );
}

export function DepartmentsPage() {
  return (
    <PagedList<Department>
      title="Departments"
      path="/v1/departments"
      intro={
        <>
          The widget's <code>LivechatTriggers.setDepartment(id)</code> takes one of these ids.
        </>
      }
      empty="No departments yet."
      item={(department) => <DepartmentRow key={department.id} department={department} />}
    />
  );
}
