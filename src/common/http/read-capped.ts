import type { Readable } from 'node:stream';

/**
 * Reads an outbound response's body up to `maxBytes`; past it (or when the declared length
 * is already past it), stops reading and destroys the stream.
 */
export async function readCapped(body: Readable, declaredLength: string | string[] | undefined, maxBytes: number): Promise<Buffer | 'too-large'> {
  if (typeof declaredLength === 'string' && Number(declaredLength) > maxBytes) {
    discard(body);
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      discard(body);
      return 'too-large';
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Stops reading: undici then emits an abort error on the stream, which nobody else listens to. */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
