// Builds the three front ends into dist/web: the admin console (Preact), the widget script
// (vanilla, one IIFE file, size-checked) and the demo site. Type checking is `tsc -p web`.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'web');
const WIDGET_GZIP_BUDGET = 20 * 1024;

rmSync(out, { recursive: true, force: true });
const common = { bundle: true, minify: true, sourcemap: false, target: 'es2020', logLevel: 'warning', legalComments: 'none', metafile: true };

const bundles = await Promise.all([
  build({
    ...common,
    entryPoints: { admin: join(here, 'admin', 'main.tsx') },
    outdir: join(out, 'admin', 'assets'),
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  }),
  build({
    ...common,
    entryPoints: [join(here, 'widget', 'livechat-triggers.ts')],
    outfile: join(out, 'widget', 'livechat-triggers.js'),
    format: 'iife',
  }),
  build({ ...common, entryPoints: [join(here, 'demo', 'demo.ts')], outfile: join(out, 'demo', 'assets', 'demo.js'), format: 'iife' }),
]);

// The front ends import the API's constants from src/, which must stay pure: no package but
// preact (the admin's) may reach a browser bundle (no @nestjs, typeorm, class-validator, re2js…).
for (const { metafile } of bundles) {
  const packages = Object.keys(metafile.inputs).filter((input) => input.includes('node_modules/') && !input.includes('node_modules/preact/'));
  if (packages.length > 0) {
    console.error(`web: a browser bundle pulls in server packages:\n  ${packages.join('\n  ')}`);
    process.exit(1);
  }
}

mkdirSync(join(out, 'admin'), { recursive: true });
cpSync(join(here, 'admin', 'index.html'), join(out, 'admin', 'index.html'));
// the demo pages share one layout: web/demo/pages/<page>.html starts with <!-- title: … -->
const layout = readFileSync(join(here, 'demo', 'layout.html'), 'utf8');
for (const file of ['index.html', 'pricing.html', 'contact.html']) {
  const page = readFileSync(join(here, 'demo', 'pages', file), 'utf8');
  const [, title, content] = /^<!-- title: (.+?) -->\n([\s\S]*)$/.exec(page) ?? [];
  if (!title) throw new Error(`web/demo/pages/${file} must start with <!-- title: … -->`);
  writeFileSync(join(out, 'demo', file), layout.replace('{{title}}', title).replace('{{content}}', content.trimEnd()));
}
cpSync(join(here, 'demo', 'demo.css'), join(out, 'demo', 'assets', 'demo.css'));

const widget = readFileSync(join(out, 'widget', 'livechat-triggers.js'));
const gzipped = gzipSync(widget, { level: 9 }).length;
console.log(`web: widget ${widget.length} B, ${gzipped} B gzipped (budget ${WIDGET_GZIP_BUDGET} B)`);
if (gzipped > WIDGET_GZIP_BUDGET) {
  console.error('web: the widget script is over its size budget');
  process.exit(1);
}
