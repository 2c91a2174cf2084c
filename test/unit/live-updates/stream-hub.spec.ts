import { Writable } from 'node:stream';
import { StreamHub, type StreamLimits } from '../../../src/live-updates/stream-hub';

const LIMITS: StreamLimits = { maxConnections: 3, maxPerIp: 2, heartbeatSeconds: 25, maxBufferedBytes: 1024 };
const STATE = { configEtag: '"a"', availability: '{"online":false}' };

/** A real writable that collects what it is given; `stalled` never finishes a write, like a client that stopped reading. */
function response(stalled = false): Writable & { text(): string } {
  const chunks: string[] = [];
  const writable = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      if (!stalled) done();
    },
  });
  return Object.assign(writable, { text: () => chunks.join('') });
}

describe('the stream hub (DESIGN §12, §16)', () => {
  it('opens with the retry delay and one config and one availability event', () => {
    const hub = new StreamHub(LIMITS);
    const res = response();
    hub.add(res, '10.0.0.1', STATE);
    expect(res.text()).toBe('retry: 5000\n\nevent: config\ndata: {"etag":"\\"a\\""}\n\nevent: availability\ndata: {"online":false}\n\n');
    hub.closeAll();
  });

  it('tells each stream a change once, and nothing that did not change', () => {
    const hub = new StreamHub(LIMITS);
    const early = response();
    hub.add(early, '10.0.0.1', STATE);
    const late = response();
    hub.add(late, '10.0.0.2', { ...STATE, configEtag: '"b"' });
    hub.publishConfig('"b"');
    hub.publishConfig('"b"');
    hub.publishAvailability('{"online":false}');
    hub.publishAvailability('{"online":true}');
    const events = (res: ReturnType<typeof response>) => res.text().match(/^event: .*\ndata: .*$/gm);
    expect(events(early)).toEqual([
      'event: config\ndata: {"etag":"\\"a\\""}',
      'event: availability\ndata: {"online":false}',
      'event: config\ndata: {"etag":"\\"b\\""}',
      'event: availability\ndata: {"online":true}',
    ]);
    expect(events(late)).toEqual([
      'event: config\ndata: {"etag":"\\"b\\""}',
      'event: availability\ndata: {"online":false}',
      'event: availability\ndata: {"online":true}',
    ]);
    hub.closeAll();
  });

  it('refuses past the per-address and per-instance caps, and admits again once a stream closes', () => {
    const hub = new StreamHub(LIMITS);
    const first = response();
    hub.add(first, '10.0.0.1', STATE);
    hub.add(response(), '10.0.0.1', STATE);
    expect(hub.refusal('10.0.0.1')).toMatch(/per client address/);
    expect(hub.refusal('10.0.0.2')).toBeUndefined();
    hub.add(response(), '10.0.0.2', STATE);
    expect(hub.refusal('10.0.0.3')).toMatch(/maximum of 3/);
    first.destroy();
    return new Promise<void>((done) =>
      setImmediate(() => {
        expect(hub.size).toBe(2);
        expect(hub.refusal('10.0.0.1')).toBeUndefined();
        hub.closeAll();
        done();
      }),
    );
  });

  it('drops a stream whose unsent output passes the limit, and only that one', () => {
    const dropped: string[] = [];
    const hub = new StreamHub(LIMITS, { dropped: (reason) => dropped.push(reason) });
    const reader = response();
    const stalled = response(true);
    hub.add(reader, '10.0.0.1', STATE);
    hub.add(stalled, '10.0.0.2', STATE);
    for (let i = 0; i < 40; i += 1) hub.publishAvailability(JSON.stringify({ online: i % 2 === 0, padding: 'x'.repeat(40) }));
    expect(dropped).toEqual(['slow']);
    expect(stalled.destroyed).toBe(true);
    expect(hub.size).toBe(1);
    expect(reader.text().match(/^event: availability/gm)).toHaveLength(41);
    hub.closeAll();
  });

  it('ends every stream on shutdown', () => {
    const hub = new StreamHub(LIMITS);
    const streams = [response(), response()];
    streams.forEach((res, i) => hub.add(res, `10.0.0.${i}`, STATE));
    hub.closeAll();
    expect(streams.every((res) => res.writableEnded)).toBe(true);
    expect(hub.size).toBe(0);
  });
});
