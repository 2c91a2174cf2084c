import { SettingsRepository } from '../../src/settings/settings.repository';
import { startTestApp, type TestApp } from '../support/test-app';
import { createThrowawayDatabase, usesServer } from '../support/test-database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe(`platform (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('reports liveness and readiness with a database ping', async () => {
    const live = await t.inject({ url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await t.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().details.database.status).toBe('up');
  });

  it('serves Swagger UI under a CSP it works with, and the OpenAPI JSON', async () => {
    const ui = await t.inject({ url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const csp = String(ui.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js', '/docs/swagger-ui.css']) {
      expect((await t.inject({ url: asset })).statusCode).toBe(200);
    }
    const json = await t.inject({ url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    const doc = json.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/health/ready']).toBeDefined();
  });

  it('stores settings in the database', async () => {
    const settings = t.app.get(SettingsRepository);
    await settings.write('probe', { a: 1, list: ['x'] });
    expect(await settings.read('probe')).toEqual({ a: 1, list: ['x'] });
    await settings.write('probe', { a: 2 });
    expect(await settings.read('probe')).toEqual({ a: 2 });
    expect(await settings.read('missing')).toBeUndefined();
  });
});

describe('persistence across a restart', () => {
  it('keeps what was written when the service starts again on the same data', async () => {
    const throwaway = usesServer() ? await createThrowawayDatabase() : undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'lt-restart-'));
    try {
      const first = await startTestApp({ databaseUrl: throwaway?.url, dataDir });
      await first.app.get(SettingsRepository).write('kept', { value: 'across restarts' });
      await first.close();
      const second = await startTestApp({ databaseUrl: throwaway?.url, dataDir });
      try {
        expect(await second.app.get(SettingsRepository).read('kept')).toEqual({ value: 'across restarts' });
      } finally {
        await second.close();
      }
    } finally {
      await throwaway?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
