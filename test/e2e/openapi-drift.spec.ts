import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/http/create-app';
import { buildOpenApiDocument } from '../../src/http/openapi-document';

describe('openapi.json', () => {
  it('matches what the code serves (run `npm run openapi` after changing the API)', async () => {
    const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', API_KEYS: 'doc:viewer:openapi-writer-only-key' }), {
      preview: true,
    });
    const generated = JSON.parse(JSON.stringify(buildOpenApiDocument(app)));
    await app.close();
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
    expect(generated).toEqual(committed);
  });
});
