import fc from 'fast-check';
import { pageUrl } from '../../support/builders';
import { createTrigger, sendEvent, visitorToken } from '../../support/factories';
import { startTestApp, type TestApp } from '../../support/test-app';
import { usesServer } from '../../support/test-database';

/**
 * For random caps and random interleavings of one visitor's events (batches of concurrent
 * events, one batch after another), the firings equal what the caps allow: never more (the
 * claim is exact), and never fewer (nothing is refused that a cap allowed).
 */
describe(`frequency and budget: a property over random caps and interleavings (${usesServer() ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_MAX: '10' } });
  });
  afterAll(async () => {
    await t?.asManager({ method: 'PUT', url: '/v1/settings/proactive', payload: {} });
    await t?.close();
  });

  it('firings = min(max, maxPerVisit, events) for every trigger cap and visit budget', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('visit' as const, 'day' as const, 'visitor' as const),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
        async (max, per, maxPerVisit, batches) => {
          run += 1;
          const path = `/property-${run}-${Date.now()}`;
          const trigger = await createTrigger(t, { conditions: [pageUrl(path)], frequency: { max, per } });
          const settings = await t.asManager({ method: 'PUT', url: '/v1/settings/proactive', payload: { maxPerVisit } });
          expect(settings.statusCode).toBe(200);
          const token = visitorToken('property');
          let fired = 0;
          for (const size of batches) {
            const responses = await Promise.all(
              Array.from({ length: size }, () => sendEvent(t, token, { type: 'page-view', url: `https://shop.example${path}` })),
            );
            for (const res of responses) {
              expect(res.statusCode).toBe(200);
              fired += res.json().fired.filter((f: { triggerId: string }) => f.triggerId === trigger.id).length;
            }
          }
          const events = batches.reduce((a, b) => a + b, 0);
          expect(fired).toBe(Math.min(max, maxPerVisit ?? Infinity, events));
          await t.asManager({ method: 'DELETE', url: `/v1/triggers/${trigger.id}` });
        },
      ),
      { numRuns: 15 },
    );
  });
});
