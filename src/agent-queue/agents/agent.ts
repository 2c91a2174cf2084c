/** An agent as the rest of the service sees it (no persistence or HTTP concerns). */
export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface Agent {
  readonly username: string;
  readonly name: string;
  readonly email: string | null;
  readonly status: AgentStatus;
  /** Accepts chats (Rocket.Chat's livechat availability), independent of presence. */
  readonly available: boolean;
  readonly departmentIds: readonly string[];
  readonly assignedCount: number;
  readonly lastRoutedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The natural key other systems sync agents by. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** `.` and `..` match the pattern but cannot travel in a URL path segment. */
export function isValidUsername(value: unknown): value is string {
  return typeof value === 'string' && USERNAME_PATTERN.test(value) && value !== '.' && value !== '..';
}

export const USERNAME_RULE = 'must be 1 to 64 characters of letters, digits, ".", "_" or "-"';

/** What a write sets on an agent; `departmentIds` replaces the memberships when given. */
export interface AgentFields {
  readonly name: string;
  readonly email: string | null;
  readonly status: AgentStatus;
  readonly available: boolean;
  readonly departmentIds?: readonly string[];
}

/** `PUT` replaces: omitted optional fields take these values. */
export const AGENT_DEFAULTS = { email: null, status: 'offline', available: true, departmentIds: [] } as const satisfies Omit<AgentFields, 'name'>;
