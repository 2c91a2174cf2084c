import type { Writable } from 'node:stream';

/** The bounds of the live streams of one instance (`SSE_*`, DESIGN §16). */
export interface StreamLimits {
  readonly maxConnections: number;
  readonly maxPerIp: number;
  readonly heartbeatSeconds: number;
  /** Unsent output past which a stream is dropped: a client that stopped reading cannot grow our memory. */
  readonly maxBufferedBytes: number;
}

/** What a stream is told when it opens, and again whenever it changes. */
export interface StreamState {
  /** The widget config's ETag, quotes included. */
  readonly configEtag: string;
  /** The availability body, serialized. */
  readonly availability: string;
}

export interface StreamEvents {
  opened?(open: number): void;
  closed?(open: number): void;
  dropped?(reason: 'slow' | 'shutdown'): void;
}

/** The response of one open stream: a writable with the socket's unsent byte count. */
export type StreamResponse = Pick<Writable, 'write' | 'end' | 'destroy' | 'on' | 'writableLength' | 'writableEnded' | 'destroyed'>;

interface Stream {
  readonly response: StreamResponse;
  readonly ip: string;
  /** What this stream was last told, so it hears a change once and nothing that did not change. */
  configEtag: string;
  availability: string;
}

function sseEvent(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

/**
 * The open Server-Sent-Event streams of this instance (DESIGN §12): one in-memory fan-out for
 * all of them (whatever feeds it subscribes once), one heartbeat timer, the caps per instance
 * and per client IP, and no database connection anywhere. A stream whose unsent output
 * passes the limit is dropped (the widget reconnects; it lost nothing it cannot reload).
 */
export class StreamHub {
  private readonly streams = new Set<Stream>();
  private readonly perIp = new Map<string, number>();
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly limits: StreamLimits,
    private readonly events: StreamEvents = {},
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /** Why a new stream from `ip` is refused now, or undefined when it may open. */
  refusal(ip: string): string | undefined {
    if (this.streams.size >= this.limits.maxConnections) return `This instance holds its maximum of ${this.limits.maxConnections} live streams`;
    if ((this.perIp.get(ip) ?? 0) >= this.limits.maxPerIp) return `At most ${this.limits.maxPerIp} live streams per client address`;
    return undefined;
  }

  /** Adds an open response (headers sent): it hears the reconnect delay and the state now. */
  add(response: StreamResponse, ip: string, state: StreamState): void {
    const stream: Stream = { response, ip, configEtag: state.configEtag, availability: state.availability };
    this.streams.add(stream);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    response.on('close', () => this.remove(stream));
    this.events.opened?.(this.streams.size);
    this.heartbeat ??= setInterval(() => this.beat(), this.limits.heartbeatSeconds * 1000).unref();
    this.write(stream, `retry: 5000\n\n${sseEvent('config', JSON.stringify({ etag: state.configEtag }))}${sseEvent('availability', state.availability)}`);
  }

  /** Tells every stream the config's new ETag (each only if it differs from what it was last told). */
  publishConfig(etag: string): void {
    const chunk = sseEvent('config', JSON.stringify({ etag }));
    for (const stream of this.streams) {
      if (stream.configEtag === etag) continue;
      stream.configEtag = etag;
      this.write(stream, chunk);
    }
  }

  /** Tells every stream the new availability (each only if it differs from what it was last told). */
  publishAvailability(availability: string): void {
    const chunk = sseEvent('availability', availability);
    for (const stream of this.streams) {
      if (stream.availability === availability) continue;
      stream.availability = availability;
      this.write(stream, chunk);
    }
  }

  /** Ends every stream (shutdown): clients reconnect, to another instance behind a balancer. */
  closeAll(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const stream of [...this.streams]) {
      this.events.dropped?.('shutdown');
      stream.response.end();
      this.remove(stream);
    }
  }

  private beat(): void {
    for (const stream of this.streams) this.write(stream, ': \n\n');
  }

  private write(stream: Stream, chunk: string): void {
    const { response } = stream;
    if (response.writableEnded || response.destroyed) return;
    response.write(chunk);
    if (response.writableLength > this.limits.maxBufferedBytes) {
      this.events.dropped?.('slow');
      response.destroy();
      this.remove(stream);
    }
  }

  private remove(stream: Stream): void {
    if (!this.streams.delete(stream)) return;
    const left = (this.perIp.get(stream.ip) ?? 1) - 1;
    if (left > 0) this.perIp.set(stream.ip, left);
    else this.perIp.delete(stream.ip);
    this.events.closed?.(this.streams.size);
    if (this.streams.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }
}
