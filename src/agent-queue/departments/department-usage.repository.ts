import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../../database/change-feed';
import { type DepartmentReference, triggersNamingDepartment } from '../../triggers/department-references';
import { changeRoster } from '../shared/routing-lock';

export type DepartmentDeletion =
  { readonly kind: 'deleted' } | { readonly kind: 'not-found' } | { readonly kind: 'in-use'; readonly triggers: readonly DepartmentReference[] };

/**
 * Deleting a department that triggers' rules still name is refused (DESIGN §16). The check
 * and the delete are one transaction, so what the answer reports is what decided it.
 */
@Injectable()
export class DepartmentUsageRepository {
  constructor(private readonly changes: ChangeFeed) {}

  /**
   * Deletes the department, with its memberships (ON DELETE CASCADE), unless a trigger's
   * rules name it. A write that changes who may be routed, like every department write:
   * under the routing lock, announced on the change feed.
   */
  deleteIfUnused(id: string): Promise<DepartmentDeletion> {
    return changeRoster(this.changes, async (tx) => {
      // locked until the commit: whoever else locks this row (to change or delete it) waits for this answer
      const [department] = await tx.query<{ id: string }>('SELECT id FROM departments WHERE id = $1 FOR UPDATE', [id]);
      if (!department) return { kind: 'not-found' };
      const triggers = await triggersNamingDepartment(tx, id);
      if (triggers.length > 0) return { kind: 'in-use', triggers };
      await tx.execute('DELETE FROM departments WHERE id = $1', [id]);
      return { kind: 'deleted' };
    });
  }
}
