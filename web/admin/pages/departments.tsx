import type { Department, DepartmentPatch } from '../api-types';
import { ErrorBox, useSession } from '../ui';
import { PagedList, usePatched } from './paged';

function DepartmentRow(props: { department: Department }) {
  const { readOnly } = useSession();
  const { value: department, error, change } = usePatched<Department, DepartmentPatch>(props.department, `/v1/departments/${props.department.id}`);
  return (
    <li class="card" data-department={department.name}>
      <h2>{department.name}</h2>
      <p class="meta">
        id <code>{department.id}</code> · members: {department.usernames.length ? department.usernames.join(', ') : 'none'}
      </p>
      <div class="inline-fields">
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
