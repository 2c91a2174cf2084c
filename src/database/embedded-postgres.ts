import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { readEmbeddedTemplate } from './embedded-template';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), persisted under `DATA_DIR/pglite` and served
 * in-process over the wire protocol, so the ordinary `pg` driver and TypeORM talk to it as
 * to any server. One instance per data directory: embedded mode is single-instance.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
    const dir = join(dataDir, 'pglite');
    // a new data directory starts from the build's initialized cluster, not from initdb (seconds faster)
    const template = existsSync(join(dir, 'PG_VERSION')) ? undefined : readEmbeddedTemplate();
    mkdirSync(dir, { recursive: true });
    // pg_trgm: the trigger list's name search index (migration TriggerNameSearchIndex)
    const db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm }, ...(template ? { loadDataDir: template } : {}) });
    // the socket server queues every connection's queries on one backend: a transaction
    // that is open blocks the others, so transactions stay serialized and correct
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    return new EmbeddedPostgres(db, server, host, Number(port), dir);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
