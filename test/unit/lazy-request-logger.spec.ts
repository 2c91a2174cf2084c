import { Writable } from 'node:stream';
import Fastify, { FastifyBaseLogger } from 'fastify';
import { lazyRequestLogger } from '../../src/http/lazy-request-logger';

/** Fastify's own pino logger writing JSON lines into an array, with the redaction the service configures. */
function rootLogger(level: string): { root: FastifyBaseLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const { log } = Fastify({ logger: { level, stream: sink, redact: { paths: ['secretToken', '*.secretToken'], censor: '[redacted]' } } });
  return { root: log, lines };
}

const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('LazyRequestLogger', () => {
  it('makes no child and writes nothing for records below the level', async () => {
    const { root, lines } = rootLogger('warn');
    const child = jest.spyOn(root, 'child');
    const logger = lazyRequestLogger(root, { reqId: 'r-1' }, {});
    logger.info({ req: { url: '/x' } }, 'incoming request');
    logger.debug('detail');
    logger.trace('more detail');
    await flushed();
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    expect(logger.level).toBe('warn');
  });

  it('writes an enabled record through a child with the bindings, redacted as the parent would', async () => {
    const { root, lines } = rootLogger('warn');
    const logger = lazyRequestLogger(root, { reqId: 'r-2' }, {});
    logger.warn({ secretToken: 's3cret', nested: { secretToken: 'also' } }, 'careful');
    logger.error(new Error('boom'), 'failed');
    await flushed();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, reqId: 'r-2', msg: 'careful', secretToken: '[redacted]', nested: { secretToken: '[redacted]' } });
    expect(lines[1]).toMatchObject({ level: 50, reqId: 'r-2', msg: 'failed', err: { message: 'boom' } });
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it('follows a level set on the request logger itself, and makes grandchildren with every binding', async () => {
    const { root, lines } = rootLogger('warn');
    const logger: FastifyBaseLogger = lazyRequestLogger(root, { reqId: 'r-3' }, {});
    logger.level = 'debug';
    logger.debug('now on');
    logger.child({ step: 'inner' }).warn('inner');
    root.info('root stays at warn');
    await flushed();
    expect(lines).toEqual([
      expect.objectContaining({ level: 20, reqId: 'r-3', msg: 'now on' }),
      expect.objectContaining({ level: 40, reqId: 'r-3', step: 'inner', msg: 'inner' }),
    ]);
  });
});
