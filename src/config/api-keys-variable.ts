export type Role = 'viewer' | 'manager';

export interface ApiKey {
  readonly name: string;
  readonly role: Role;
  readonly key: string;
}

const MIN_KEY_LENGTH = 16;

/** Parses `API_KEYS`: `name:role:key` entries separated by commas. The key itself may contain `:`. */
export function parseApiKeys(raw: string): ApiKey[] {
  const keys: ApiKey[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [name, role, ...rest] = entry.split(':');
    const key = rest.join(':');
    if (!name || !key) throw new Error(`entries must be name:role:key (entry "${name ?? ''}" is incomplete)`);
    if (role !== 'viewer' && role !== 'manager') {
      throw new Error(`entry "${name}" has role "${role}"; roles are manager and viewer`);
    }
    if (key.length < MIN_KEY_LENGTH) throw new Error(`entry "${name}" has a key shorter than ${MIN_KEY_LENGTH} characters`);
    keys.push({ name, role, key });
  }
  if (keys.length === 0) throw new Error('lists no key');
  return keys;
}
