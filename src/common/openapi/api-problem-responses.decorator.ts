import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (problem+json lists every field error)',
  401: 'Missing or invalid API key',
  403: "The key's role may not do this",
  404: 'Not found',
  409: 'Conflict',
  412: 'If-Match does not match the current version',
  413: 'Body larger than 64 KiB',
  415: 'Body is not application/json',
  429: 'Rate limit exceeded (see Retry-After)',
  503: 'Database unavailable (see Retry-After)',
};

/** Documents problem+json error responses; 400, 413, 415 and 503 are implied on every route. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([...statuses])].sort();
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...all.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
