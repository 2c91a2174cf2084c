/**
 * Whether a department's schedule lets it take chats at a moment (DESIGN §13): what routing
 * asks before a pick for a department. An abstract class, so that it is its own injection
 * token: the availability roster provides it (routing cannot import availability, which
 * already reads the routing settings).
 */
export abstract class DepartmentHours {
  /** True for a department without a schedule, and for one we do not know (routing says so itself). */
  abstract isOpen(departmentId: string, atMs?: number): Promise<boolean>;
}
