/**
 * The ceiling: a bare Fastify server answering a fixed JSON body of a given size on every
 * route, as fast as this machine serves HTTP at all. `PORT` and `CEILING_BYTES` from the env.
 */
import Fastify from 'fastify';

const bytes = Math.max(2, Number(process.env.CEILING_BYTES ?? 256));
const payload = JSON.stringify({ data: 'x'.repeat(Math.max(0, bytes - 11)) });

const app = Fastify({ logger: false });
app.all('/*', async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(payload));
app.get('/ready', () => ({ ok: true }));

app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`ceiling server failed: ${String(error)}\n`);
  process.exit(1);
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
