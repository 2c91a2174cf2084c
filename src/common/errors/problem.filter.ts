import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorEnvelopeRegistry } from './error-envelope';
import { ErrorCode } from './error-code';
import { normalizeError } from './normalize-error';

/** The one place where thrown errors become HTTP responses. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly envelopes: ErrorEnvelopeRegistry) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = normalizeError(exception);
    let errorId: string | undefined;
    if (error.code === ErrorCode.InternalError) {
      errorId = randomUUID();
      const stack = error.unexpected instanceof Error ? error.unexpected.stack : String(error.unexpected);
      this.logger.error(`errorId=${errorId} requestId=${request.id} ${stack}`);
    } else if (error.code === ErrorCode.ServiceUnavailable) {
      this.logger.warn(`requestId=${request.id} unavailable: ${(exception as Error)?.message ?? exception}`);
    }
    const path = request.url ?? '/';
    const rendered = this.envelopes.forPath(path).render(error, { errorId, requestId: String(request.id) });
    if (reply.sent) return;
    for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
    reply.status(rendered.status).header('content-type', rendered.contentType).send(rendered.body);
  }
}
