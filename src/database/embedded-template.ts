import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** The project's root: the nearest folder above this file with a package.json (from src/ and from dist/src/ alike). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

function pgliteVersion(): string {
  // the package exports no package.json: read it beside its entry point (dist/index.cjs)
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * Where the build keeps a freshly initialized PGlite cluster (a gzipped tar of its data
 * directory), one per PGlite version. A first embedded start loads it instead of running
 * initdb in WebAssembly: measured here 4.4–6.8 s for initdb, 1.9 s to load the template.
 */
export function embeddedTemplatePath(): string {
  return join(projectRoot(), 'dist', 'embedded-template', `pglite-${pgliteVersion()}.tar.gz`);
}

/** The template as PGlite's `loadDataDir` takes it, or undefined when the build made none. */
export function readEmbeddedTemplate(): Blob | undefined {
  const path = embeddedTemplatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

/** Creates the template unless this PGlite version has one (the build runs it: `scripts/build-embedded-template.ts`). */
export async function writeEmbeddedTemplate(): Promise<{ path: string; created: boolean }> {
  const path = embeddedTemplatePath();
  if (existsSync(path)) return { path, created: false };
  const db = await PGlite.create({ dataDir: 'memory://' });
  try {
    const dump = await db.dumpDataDir('gzip');
    mkdirSync(dirname(path), { recursive: true });
    // written aside and renamed, so a build killed half-way leaves no truncated template
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
  } finally {
    await db.close();
  }
  return { path, created: true };
}
