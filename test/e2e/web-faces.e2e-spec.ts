import { startTestApp, type TestApp } from '../support/test-app';

/** The built front ends (`pretest` builds them) are served with their own headers, outside the API. */
describe('web faces: admin, widget script, demo (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it.each(['/admin', '/admin/triggers/some-deep-link', '/demo', '/demo/pricing', '/demo/contact'])(
    '%s is a page with a self-only CSP and no API key',
    async (url) => {
      const res = await t.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.body).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>/);
    },
  );

  it('serves the widget script cross-origin, revalidated by ETag', async () => {
    const res = await t.inject({ url: '/widget/livechat-triggers.js', headers: { origin: 'https://shop.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toBe('no-cache');
    const again = await t.inject({ url: '/widget/livechat-triggers.js', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('answers 404 for pages that do not exist', async () => {
    expect((await t.inject({ url: '/demo/nowhere' })).statusCode).toBe(404);
    expect((await t.inject({ url: '/widget/other.js' })).statusCode).toBe(404);
  });
});
