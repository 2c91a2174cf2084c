import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/**
 * The committed openapi.json as a list of operations, so that suites cover every route,
 * including the ones added after they were written.
 */
/** The parts of an OpenAPI schema these suites read. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}

/** An operation of openapi.json, as far as these suites read it. */
interface OpenApiOperation {
  readonly security?: readonly unknown[];
  readonly responses: Readonly<Record<string, unknown>>;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema?: Schema } | undefined>> };
}

export interface Operation {
  readonly method: string;
  /** OpenAPI template, e.g. `/v1/triggers/{id}` */
  readonly path: string;
  readonly secured: boolean;
  readonly statuses: ReadonlySet<number>;
  readonly parameters: readonly Parameter[];
  readonly body?: Schema;
}

const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
};

export function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  while (s.$ref) s = doc.components.schemas[String(s.$ref).split('/').pop()!];
  return s;
}

/**
 * Every operation answered with a body that ends: a live stream (`text/event-stream`) never
 * ends, so inject() would wait forever; test/e2e/widget/live-updates.e2e-spec.ts tests it over
 * a real connection, its refusals and its headers included.
 */
export const OPERATIONS: readonly Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops)
    .filter(([, op]) => !JSON.stringify(op.responses).includes('text/event-stream'))
    .map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      secured: Array.isArray(op.security) && op.security.length > 0,
      statuses: new Set(Object.keys(op.responses).map(Number)),
      parameters: (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) })),
      body: op.requestBody ? resolve(op.requestBody.content['application/json']?.schema) : undefined,
    })),
);

export const isWrite = (op: Operation) => op.method !== 'GET' && op.method !== 'HEAD';

/** Fills `{name}` placeholders from `values`. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
}

const WEIRD_STRINGS = ['', ' ', '\u0000', '../../etc/passwd', "' OR 1=1 --", '%00', 'é'.repeat(300), 'a'.repeat(5000), '{"$gt":""}', '\ud800'];

/** Mostly schema-shaped values, with a fair share of wrong types and edge values. */
export function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const wrong = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constantFrom(...WEIRD_STRINGS));
  return fc.oneof({ weight: 5, arbitrary: shaped(s, depth) }, { weight: 1, arbitrary: wrong });
}

function shaped(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((x) => valueFor(x, depth + 1)));
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'object': {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 });
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const key of keys) record[key] = valueFor(props[key], depth + 1);
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => keys.includes(k)) });
    }
    case 'array':
      return fc.array(valueFor(s.items, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) + 1 });
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: s.minimum ?? -10, max: s.maximum ?? 1000 }), fc.constantFrom(-1, 0, 1e12, 1.5));
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (s.format === 'uuid') return fc.oneof(fc.uuid(), fc.constant('not-a-uuid'));
      if (s.format === 'uri' || /url/i.test(String(s.description ?? '')))
        return fc.constantFrom('https://shop.example/contact', 'http://127.0.0.1:1/x', 'ftp://x');
      if (s.format === 'email') return fc.constantFrom('a@example.com', 'not-an-email');
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) });
    default:
      return fc.constant('x');
  }
}

/** The Rocket.Chat-compatible surface: `X-User-Id` + `X-Auth-Token`, and its own `success: false` envelope. */
export const isRocketChat = (path: string): boolean => path.startsWith('/api/v1/livechat');

/** How a key is presented on `path`'s surface. */
export function authHeaders(path: string, key: string): Record<string, string> {
  return isRocketChat(path) ? { 'x-user-id': 'reliability-suite', 'x-auth-token': key } : { authorization: `Bearer ${key}` };
}

/** An error body in the envelope of `path`'s surface: problem+json natively, Rocket.Chat's elsewhere. */
export function isErrorEnvelope(path: string, status: number, contentType: string, body: unknown): boolean {
  const fields = fieldsOf(body);
  if (isRocketChat(path)) return contentType.startsWith('application/json') && fields.success === false && typeof fields.error === 'string';
  return (
    contentType.startsWith('application/problem+json') &&
    typeof fields.type === 'string' &&
    typeof fields.title === 'string' &&
    fields.status === status &&
    typeof fields.code === 'string'
  );
}

/** A refused body: `validation-failed` natively, `invalid-params` on the Rocket.Chat surface. */
export function isValidationRefusal(path: string, status: number, body: unknown): boolean {
  if (status !== 400) return false;
  const fields = fieldsOf(body);
  return isRocketChat(path) ? fields.success === false && fields.errorType === 'invalid-params' : fields.code === 'validation-failed';
}

/** A parsed body's fields; none for anything but an object. */
function fieldsOf(body: unknown): Readonly<Record<string, unknown>> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
