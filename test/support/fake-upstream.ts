import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  readonly body: unknown;
}

export type UpstreamHandler = (request: ReceivedRequest, response: ServerResponse, raw: IncomingMessage) => void;

/**
 * A real HTTP server on 127.0.0.1 (or another local address) standing in for a CRM: it records every request and
 * counts every TCP connection, so tests can prove that none was made.
 */
export interface FakeUpstream {
  readonly port: number;
  /** `127.0.0.1:<port>` (or `[::1]:<port>`), for EXTERNAL_SERVICE_ALLOWLIST. */
  readonly hostPort: string;
  url(path?: string): string;
  readonly requests: ReceivedRequest[];
  readonly connections: number;
  /** Replaces the handler for the following requests. */
  handle(handler: UpstreamHandler): void;
  reset(): void;
  close(): Promise<void>;
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(typeof value === 'string' ? value : JSON.stringify(value));
}

export const answerContents =
  (contents: unknown): UpstreamHandler =>
  (_, response) =>
    sendJson(response, 200, { contents });

export async function startFakeUpstream(handler: UpstreamHandler = answerContents([{ msg: 'hello', order: 0 }]), host = '127.0.0.1'): Promise<FakeUpstream> {
  let current = handler;
  let connections = 0;
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        body = undefined;
      }
      const request = { method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, rawBody, body };
      requests.push(request);
      current(request, response, raw);
    });
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    port,
    hostPort,
    url: (path = '/hook') => `http://${hostPort}${path}`,
    requests,
    get connections() {
      return connections;
    },
    handle(next) {
      current = next;
    },
    reset() {
      requests.length = 0;
      connections = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes one byte every `everyMs` after a 200 header, forever (until the client goes). */
export const trickle =
  (everyMs: number): UpstreamHandler =>
  (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"contents":[');
    const timer = setInterval(() => response.write(' '), everyMs);
    response.on('close', () => clearInterval(timer));
  };

/** Answers nothing for `ms`, then a valid body (if the client is still there). */
export const delayed =
  (ms: number): UpstreamHandler =>
  (_, response) => {
    const timer = setTimeout(() => sendJson(response, 200, { contents: [{ msg: 'late', order: 0 }] }), ms);
    response.on('close', () => clearTimeout(timer));
  };

/**
 * The receiver's side of the signature (written independently of the service's code):
 * HMAC-SHA256 over `id.timestamp.body`, compared in constant time.
 */
export function verifySignature(secret: string, headers: IncomingHttpHeaders, rawBody: Buffer): boolean {
  const id = String(headers['x-livechat-request-id'] ?? '');
  const timestamp = String(headers['x-livechat-timestamp'] ?? '');
  const given = String(headers['x-livechat-signature'] ?? '');
  const expected = `v1=${createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(rawBody).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
