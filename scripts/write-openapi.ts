import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/http/create-app';
import { buildOpenApiDocument } from '../src/http/openapi-document';

/** Writes the committed `openapi.json` from the controllers (`npm run openapi`). */
async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', API_KEYS: 'doc:viewer:openapi-writer-only-key' });
  const app = await createApp(config, { preview: true });
  const document = buildOpenApiDocument(app);
  writeFileSync(join(__dirname, '..', '..', 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
}

void main();
