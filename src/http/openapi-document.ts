import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { DOCS_HELMET } from '../common/http/security-headers';
import { RC_AUTH_TOKEN_SCHEME, RC_USER_ID_SCHEME } from '../rocketchat/rocketchat-auth';
import { ruleAndGroupSchemas } from '../triggers/dto/condition-schemas';

export const SERVICE_VERSION = '0.1.0';

/** The OpenAPI 3 document, built from the controllers' explicit decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Livechat Triggers')
    .setDescription(
      "Rules that make a website's chat widget open by itself and greet a visitor. " +
        'Admin routes take `Authorization: Bearer <api key>`; widget routes are public. ' +
        'Errors are RFC 9457 problem+json with a stable `code`.',
    )
    .setVersion(SERVICE_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'An API key from API_KEYS (or the generated one)' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'Rocket.Chat surface: an API key (with X-User-Id)' }, RC_AUTH_TOKEN_SCHEME)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-User-Id', description: 'Rocket.Chat surface: any non-empty user id (with X-Auth-Token)' },
      RC_USER_ID_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // rules and groups are schemas built from the rule tables (a group refers to itself), not classes
  Object.assign(document.components!.schemas!, ruleAndGroupSchemas() as Record<string, object>);
  documentUnsafeInputRefusal(document);
  return sortKeys(document) as OpenAPIObject;
}

const UNSAFE_INPUT =
  'Unsafe input refused: NUL characters, prototype keys (`__proto__`, `constructor`, …) or nesting deeper than 32 levels in the path, query or body';

/**
 * Every route refuses unsafe input with a 400 before its handler runs (rejectUnsafeInput),
 * so every operation documents a 400, in the envelope of its surface.
 */
function documentUnsafeInputRefusal(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item)) {
      const responses = (operation as { responses?: Record<string, unknown> }).responses;
      if (!responses || responses['400']) continue;
      const schema = path.startsWith('/api/v1/livechat/') ? RC_FAILURE_SCHEMA : PROBLEM_SCHEMA;
      responses['400'] = { description: UNSAFE_INPUT, content: { [schema.type]: { schema: { $ref: schema.ref } } } };
    }
  }
}

const PROBLEM_SCHEMA = { type: 'application/problem+json', ref: '#/components/schemas/ProblemDto' };
const RC_FAILURE_SCHEMA = { type: 'application/json', ref: '#/components/schemas/RcFailureDto' };

/** Stable key order, so the committed openapi.json diffs cleanly. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * Swagger UI at /docs and the document at /docs/json. SwaggerModule registers its routes
 * itself and takes no route options, so the routes it adds under /docs get the docs policy
 * here, where they are mounted (Swagger UI needs inline styles and data: fonts).
 */
export function serveOpenApi(app: INestApplication, fastify: FastifyInstance, document: OpenAPIObject): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) route.config = { ...route.config, securityHeaders: DOCS_HELMET };
  });
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/json',
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: 'Livechat Triggers API',
  });
}
