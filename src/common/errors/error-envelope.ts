import { describeErrorCode } from './error-code';
import { type NormalizedError } from './normalize-error';

export interface RenderedError {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

/**
 * Turns a normalized error into a response body. The native API answers RFC 9457
 * problem+json; another surface (Rocket.Chat's) registers its own envelope for its prefix.
 */
export interface ErrorEnvelope {
  render(error: NormalizedError, context: { errorId?: string; requestId: string }): RenderedError;
}

export const problemJsonEnvelope: ErrorEnvelope = {
  render(error, { errorId }) {
    const { status, title } = describeErrorCode(error.code);
    return {
      status,
      contentType: 'application/problem+json; charset=utf-8',
      body: {
        type: `/problems/${error.code}`,
        title,
        status,
        detail: error.detail,
        code: error.code,
        ...error.extensions,
        ...(error.errors && error.errors.length > 0 ? { errors: error.errors } : {}),
        ...(errorId ? { errorId } : {}),
      },
    };
  },
};

/** Chooses an envelope by path prefix; the longest matching prefix wins. */
export class ErrorEnvelopeRegistry {
  private readonly byPrefix: { prefix: string; envelope: ErrorEnvelope }[] = [];

  register(prefix: string, envelope: ErrorEnvelope): void {
    this.byPrefix.push({ prefix, envelope });
    this.byPrefix.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  forPath(path: string): ErrorEnvelope {
    return this.byPrefix.find((entry) => path.startsWith(entry.prefix))?.envelope ?? problemJsonEnvelope;
  }
}
