/**
 * A client process of `bench/streams.ts` (forked, commands over IPC, see streams-protocol.ts):
 * holds thousands of `GET /v1/widget/stream` responses on raw sockets, kept light on purpose
 * (no HTTP parser per socket, no EventSource): it sends an HTTP/1.1 request, checks the status
 * line, then looks only for complete `event: availability` events and the response's
 * terminating chunk in the text it receives. Each SSE event is written by the service in one
 * `write`, so one HTTP chunk; chunk-size lines between events are skipped as noise.
 */
import { connect, type Socket } from 'node:net';
import { type ClientCommand, type ClientReport, monotonicMs } from './streams-protocol';

const AVAILABILITY = 'event: availability\ndata: ';
const LAST_CHUNK = '\r\n0\r\n\r\n';

interface Connection {
  readonly socket: Socket;
  buffer: string;
  status?: number;
  /** Heard its first availability event: the stream is open. */
  opened: boolean;
  error?: string;
  closed: boolean;
  /** Closed from this side (closeAll): its close is nobody's measurement. */
  discarded?: boolean;
  /** When it heard the expected availability event. */
  heardAt?: number;
  endedAt?: number;
  closedAt?: number;
}

const connections: Connection[] = [];
let sample: string | undefined;
let expectation: { online: boolean; wanted: Set<Connection>; times: number[]; wrong: number; timer: NodeJS.Timeout } | undefined;
let shutdown: { timer: NodeJS.Timeout } | undefined;
let closedEarly = 0;

function send(report: ClientReport): void {
  process.send!(report);
}

function open(port: number, path: string, count: number, window: number): void {
  const startedAt = monotonicMs();
  const failures: Record<string, number> = {};
  let started = 0;
  let settled = 0;
  let ok = 0;
  const settle = (failure?: string) => {
    settled += 1;
    if (failure === undefined) ok += 1;
    else failures[failure] = (failures[failure] ?? 0) + 1;
    if (started < count) start();
    if (settled === count) send({ type: 'opened', ok, failed: count - ok, failures, startedAt, doneAt: monotonicMs(), ...(sample ? { sample } : {}) });
  };
  const start = () => {
    started += 1;
    const socket = connect({ host: '127.0.0.1', port });
    const conn: Connection = { socket, buffer: '', opened: false, closed: false };
    connections.push(conn);
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n`));
    socket.on('data', (text: string) => {
      const wasOpen = conn.opened;
      received(conn, text);
      if (conn.status !== undefined && conn.status !== 200 && !conn.closed) socket.destroy();
      else if (!wasOpen && conn.opened) settle();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (conn.error = error.code ?? error.message));
    socket.on('close', () => {
      conn.closed = true;
      conn.closedAt = monotonicMs();
      if (conn.discarded) return;
      if (!conn.opened)
        return settle(conn.status !== undefined && conn.status !== 200 ? `HTTP ${conn.status}` : (conn.error ?? 'closed before the first events'));
      if (!shutdown) closedEarly += 1;
      if (expectation?.wanted.delete(conn)) checkDelivered();
      if (shutdown) checkShutdown();
    });
  };
  for (let i = 0; i < Math.min(window, count); i++) start();
}

function received(conn: Connection, text: string): void {
  conn.buffer += text;
  if (conn.status === undefined) {
    const head = conn.buffer.indexOf('\r\n\r\n');
    if (head < 0) return;
    conn.status = Number(conn.buffer.slice(9, 12));
    if (conn.status !== 200) return;
    conn.buffer = conn.buffer.slice(head + 4);
  }
  for (;;) {
    const start = conn.buffer.indexOf(AVAILABILITY);
    if (start < 0) break;
    const end = conn.buffer.indexOf('\n\n', start + AVAILABILITY.length);
    if (end < 0) break;
    availability(conn, conn.buffer.slice(start + AVAILABILITY.length, end));
    conn.buffer = conn.buffer.slice(end + 2);
  }
  if (conn.endedAt === undefined && conn.buffer.includes(LAST_CHUNK)) {
    conn.endedAt = monotonicMs();
    if (shutdown) checkShutdown();
  }
  // an incomplete availability event stays whole; otherwise keep only a tail that may hold
  // the start of one or the last chunk (heartbeats and config events are not read)
  if (conn.buffer.length > 256 && !conn.buffer.includes(AVAILABILITY)) conn.buffer = conn.buffer.slice(-64);
}

function availability(conn: Connection, data: string): void {
  if (!conn.opened) {
    conn.opened = true;
    sample ??= data;
    return;
  }
  if (!expectation || !expectation.wanted.has(conn)) return;
  expectation.wanted.delete(conn);
  expectation.times.push(monotonicMs());
  if (!data.includes(`"online":${expectation.online}`)) expectation.wrong += 1;
  checkDelivered();
}

function checkDelivered(force = false): void {
  if (!expectation || (expectation.wanted.size > 0 && !force)) return;
  const { times, wrong, wanted, timer } = expectation;
  clearTimeout(timer);
  expectation = undefined;
  send({ type: 'delivered', times, wrong, missing: wanted.size, closedEarly });
}

function checkShutdown(force = false): void {
  if (!shutdown) return;
  const open = connections.filter((c) => c.opened && !c.closed).length;
  if (open > 0 && !force) return;
  clearTimeout(shutdown.timer);
  shutdown = undefined;
  const watched = connections.filter((c) => c.opened);
  send({
    type: 'shutdown',
    endedAt: watched.filter((c) => c.endedAt !== undefined).map((c) => c.endedAt!),
    closedAt: watched.filter((c) => c.closedAt !== undefined).map((c) => c.closedAt!),
    reset: watched.filter((c) => c.error !== undefined).length,
    cut: watched.filter((c) => c.closed && c.endedAt === undefined).length,
    open,
  });
}

process.on('message', (command: ClientCommand) => {
  switch (command.cmd) {
    case 'open':
      open(command.port, command.path, command.count, command.window);
      break;
    case 'expect': {
      const wanted = new Set(connections.filter((c) => c.opened && !c.closed));
      const timer = setTimeout(() => checkDelivered(true), command.timeoutMs);
      expectation = { online: command.online, wanted, times: [], wrong: 0, timer };
      send({ type: 'expecting', open: wanted.size });
      break;
    }
    case 'watchShutdown': {
      // streams already gone before the shutdown (closed early) are not the shutdown's
      for (const c of connections) if (c.closed) c.opened = false;
      shutdown = { timer: setTimeout(() => checkShutdown(true), command.timeoutMs) };
      send({ type: 'watching', open: connections.filter((c) => c.opened).length });
      break;
    }
    case 'closeAll':
      for (const c of connections) {
        c.discarded = true;
        c.socket.destroy();
      }
      connections.length = 0;
      send({ type: 'closed' });
      break;
  }
});

process.on('disconnect', () => process.exit(0));
